package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ardoise.bootstrap (ARDOISE_BOOTSTRAP and its contact points), turned into the Pekko settings that Cluster Bootstrap reads. */
class BootstrapOverlayTest {
    private static final Config BASE = ConfigFactory.load();
    private static final String DISCOVERY_METHOD = BootstrapOverlay.DISCOVERY_PATH + ".discovery-method";

    @Test
    void unset_or_off_changes_nothing() {
        assertTrue(BootstrapOverlay.overlay(BASE).isEmpty());
        assertTrue(BootstrapOverlay.overlay(with("mode = OFF")).isEmpty());
        assertEquals(BootstrapMode.OFF, BootstrapMode.from(BASE));
    }

    @Test
    void kubernetes_uses_the_kubernetes_api_method() {
        Config config = apply(with("mode = kubernetes"));
        assertEquals(BootstrapMode.KUBERNETES, BootstrapMode.from(config));
        assertEquals("kubernetes-api", config.getString(DISCOVERY_METHOD));
        assertEquals("app=%s", config.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
        assertTrue(config.getBoolean("pekko.discovery.kubernetes-api.use-raw-ip"));
        assertEquals("management", config.getString(BootstrapOverlay.DISCOVERY_PATH + ".port-name"));
    }

    @Test
    void config_lists_the_contact_points_under_the_service_name() {
        Config base = ConfigFactory.parseString(BootstrapOverlay.DISCOVERY_PATH + ".service-name = classes").withFallback(BASE);
        Config config = apply(ConfigFactory.parseString("""
                ardoise.bootstrap.mode = Config
                ardoise.bootstrap.contact-points = "127.0.0.1:7626, 127.0.0.1:7627,,node-c.local:7628"
                """).withFallback(base));
        assertEquals(BootstrapMode.CONFIG, BootstrapMode.from(config));
        assertEquals("config", config.getString(DISCOVERY_METHOD));
        List<String> endpoints = config.getConfigList("pekko.discovery.config.services.classes.endpoints").stream()
                .map(endpoint -> endpoint.getString("host") + ":" + endpoint.getInt("port"))
                .toList();
        assertEquals(List.of("127.0.0.1:7626", "127.0.0.1:7627", "node-c.local:7628"), endpoints);
    }

    @Test
    void a_list_of_contact_points_is_taken_as_it_is() {
        Config config = apply(with("mode = config, contact-points = [\"10.0.0.1:7626\", \"10.0.0.2:7626\"]"));
        assertEquals(2, config.getConfigList("pekko.discovery.config.services.ardoise.endpoints").size());
    }

    @Test
    void mistakes_stop_the_node_with_the_variable_named() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> BootstrapOverlay.overlay(with("mode = dns")));
        assertTrue(unknown.getMessage().contains("ARDOISE_BOOTSTRAP"), unknown.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> BootstrapOverlay.overlay(with("mode = config")));
        assertTrue(missing.getMessage().contains("ARDOISE_BOOTSTRAP_CONTACT_POINTS"), missing.getMessage());
        var noPort = assertThrows(IllegalArgumentException.class,
                () -> BootstrapOverlay.overlay(with("mode = config, contact-points = \"127.0.0.1\"")));
        assertTrue(noPort.getMessage().contains("'127.0.0.1'"), noPort.getMessage());
    }

    /** BASE with these {@code ardoise.bootstrap} settings. */
    private static Config with(String bootstrap) {
        return ConfigFactory.parseString("ardoise.bootstrap { " + bootstrap + " }").withFallback(BASE);
    }

    private static Config apply(Config config) {
        return BootstrapOverlay.overlay(config).withFallback(config);
    }
}
