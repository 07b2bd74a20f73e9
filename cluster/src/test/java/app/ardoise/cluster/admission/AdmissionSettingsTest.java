package app.ardoise.cluster.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The settings as an operator writes them: in the file, or through the environment. */
class AdmissionSettingsTest {
    private static AdmissionSettings read(String overrides) {
        return AdmissionSettings.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()).resolve());
    }

    @Test
    void a_link_holds_the_class_capacity_times_the_factor_rounded_up() {
        assertEquals(450, read("").socketsPerLink(300));
        assertEquals(8, read("").socketsPerLink(5));
        assertEquals(5, read("ardoise.http.sockets-per-link-factor = 1").socketsPerLink(5));
        assertEquals(1500, read("").socketsPerLink(1000));
    }

    @Test
    void trusted_proxies_come_as_a_list_or_as_the_environment_comma_separated_string() {
        AdmissionSettings none = read("");
        assertFalse(none.trustedProxies().isTrusted(IpLiteral.parse("127.0.0.1").orElseThrow()));
        // What ARDOISE_TRUSTED_PROXIES=" 10.0.0.0/8, 127.0.0.1" becomes: a string in place of the list.
        AdmissionSettings fromEnv = read("ardoise.http.trusted-proxies = \" 10.0.0.0/8, 127.0.0.1\"");
        assertTrue(fromEnv.trustedProxies().isTrusted(IpLiteral.parse("10.20.30.40").orElseThrow()));
        assertTrue(fromEnv.trustedProxies().isTrusted(IpLiteral.parse("127.0.0.1").orElseThrow()));
        assertFalse(fromEnv.trustedProxies().isTrusted(IpLiteral.parse("127.0.0.2").orElseThrow()));
        AdmissionSettings fromFile = read("ardoise.http.trusted-proxies = [\"192.0.2.0/24\"]");
        assertTrue(fromFile.trustedProxies().isTrusted(IpLiteral.parse("192.0.2.200").orElseThrow()));
        assertThrows(IllegalArgumentException.class, () -> read("ardoise.http.trusted-proxies = \"proxy.local\""));
    }

    @Test
    void a_limit_that_lets_nobody_in_stops_the_node_from_starting() {
        assertThrows(IllegalArgumentException.class, () -> read("ardoise.http.max-sockets-per-address = 0"));
        assertThrows(IllegalArgumentException.class, () -> read("ardoise.http.sockets-per-link-factor = 0"));
        assertThrows(IllegalArgumentException.class, () -> read("ardoise.http.rooms-created-per-second = 0"));
    }
}
