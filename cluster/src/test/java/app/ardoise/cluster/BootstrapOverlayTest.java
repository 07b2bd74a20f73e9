package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARDOISE_BOOTSTRAP and its contact points, turned into the Pekko settings that Cluster Bootstrap reads. */
class BootstrapOverlayTest {
    private static final Config BASE = ConfigFactory.load();
    private static final String DISCOVERY_METHOD = BootstrapOverlay.DISCOVERY_PATH + ".discovery-method";

    @Test
    void unset_or_off_changes_nothing() {
        assertTrue(BootstrapOverlay.environmentOverlay(Map.of(), BASE).isEmpty());
        assertTrue(BootstrapOverlay.environmentOverlay(Map.of("ARDOISE_BOOTSTRAP", "off"), BASE).isEmpty());
        assertEquals(BootstrapMode.OFF, BootstrapMode.from(BASE));
    }

    @Test
    void kubernetes_uses_the_kubernetes_api_method() {
        Config config = apply(Map.of("ARDOISE_BOOTSTRAP", "kubernetes"));
        assertEquals(BootstrapMode.KUBERNETES, BootstrapMode.from(config));
        assertEquals("kubernetes-api", config.getString(DISCOVERY_METHOD));
        assertEquals("app=%s", config.getString("pekko.discovery.kubernetes-api.pod-label-selector"));
        assertTrue(config.getBoolean("pekko.discovery.kubernetes-api.use-raw-ip"));
        assertEquals("management", config.getString(BootstrapOverlay.DISCOVERY_PATH + ".port-name"));
    }

    @Test
    void config_lists_the_contact_points_under_the_service_name() {
        Config base = ConfigFactory.parseString(BootstrapOverlay.DISCOVERY_PATH + ".service-name = classes").withFallback(BASE);
        Config config = BootstrapOverlay.environmentOverlay(Map.of(
                "ARDOISE_BOOTSTRAP", "Config",
                "ARDOISE_BOOTSTRAP_CONTACT_POINTS", "127.0.0.1:7626, 127.0.0.1:7627,,node-c.local:7628"), base).withFallback(base);
        assertEquals(BootstrapMode.CONFIG, BootstrapMode.from(config));
        assertEquals("config", config.getString(DISCOVERY_METHOD));
        List<String> endpoints = config.getConfigList("pekko.discovery.config.services.classes.endpoints").stream()
                .map(endpoint -> endpoint.getString("host") + ":" + endpoint.getInt("port"))
                .toList();
        assertEquals(List.of("127.0.0.1:7626", "127.0.0.1:7627", "node-c.local:7628"), endpoints);
    }

    @Test
    void mistakes_stop_the_node_with_the_variable_named() {
        assertThrows(IllegalArgumentException.class,
                () -> BootstrapOverlay.environmentOverlay(Map.of("ARDOISE_BOOTSTRAP", "dns"), BASE));
        var missing = assertThrows(IllegalArgumentException.class,
                () -> BootstrapOverlay.environmentOverlay(Map.of("ARDOISE_BOOTSTRAP", "config"), BASE));
        assertTrue(missing.getMessage().contains("ARDOISE_BOOTSTRAP_CONTACT_POINTS"), missing.getMessage());
        var noPort = assertThrows(IllegalArgumentException.class, () -> BootstrapOverlay.environmentOverlay(
                Map.of("ARDOISE_BOOTSTRAP", "config", "ARDOISE_BOOTSTRAP_CONTACT_POINTS", "127.0.0.1"), BASE));
        assertTrue(noPort.getMessage().contains("'127.0.0.1'"), noPort.getMessage());
    }

    private static Config apply(Map<String, String> env) {
        return BootstrapOverlay.environmentOverlay(env, BASE).withFallback(BASE);
    }
}
