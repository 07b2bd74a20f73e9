package app.ardoise.cluster.signin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignInSettingsTest {
    @Test
    void dev_mode_needs_a_loopback_address() {
        for (String host : List.of("127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost")) {
            assertDoesNotThrow(() -> SignInSettings.requireLoopback(host), host);
        }
        for (String host : List.of("0.0.0.0", "::", "192.0.2.7", "10.0.0.1", "ardoise.example", "localhost.evil.example", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SignInSettings.requireLoopback(host), host);
            assertTrue(refused.getMessage().contains("ARDOISE_HTTP_HOST"), refused.getMessage());
        }
        assertEquals(SignInMode.DEV, SignInSettings.from(config("mode = dev", "127.0.0.1")).mode());
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config("mode = dev", "0.0.0.0")));
    }

    @Test
    void off_by_default_and_oidc_needs_its_provider_and_client() {
        assertEquals(SignInMode.OFF, SignInSettings.from(config("", "0.0.0.0")).mode());
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config("mode = oidc", "0.0.0.0")));
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config(
                "mode = oidc, issuer = \"https://idp.example/realms/ac\", client-id = ardoise", "0.0.0.0")));
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config(
                "mode = oidc, issuer = \"idp.example\", client-id = ardoise, client-secret = s3cret", "0.0.0.0")));
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config(
                "mode = oidc, issuer = \"https://idp example\", client-id = ardoise, client-secret = s3cret", "0.0.0.0")));
        assertEquals(SignInMode.OIDC, SignInSettings.from(config(
                "mode = oidc, issuer = \"https://idp.example/realms/ac\", client-id = ardoise, client-secret = s3cret", "0.0.0.0")).mode());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config("mode = saml", "127.0.0.1")));
        assertTrue(unknown.getMessage().contains("ARDOISE_AUTH"), unknown.getMessage());
    }

    @Test
    void a_session_is_idle_for_no_longer_than_it_lasts() {
        assertThrows(IllegalArgumentException.class, () -> SignInSettings.from(config("idle-timeout = 13h", "127.0.0.1")));
    }

    private static Config config(String signIn, String host) {
        return ConfigFactory.parseString("ardoise.sign-in { " + signIn + " }\nardoise.http.host = \"" + host + "\"")
                .withFallback(ConfigFactory.load());
    }
}
