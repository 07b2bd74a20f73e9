package app.ardoise.cluster;

import app.ardoise.cluster.config.ListSetting;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cluster Bootstrap settings that {@code ardoise.bootstrap} implies but HOCON cannot derive: the
 * discovery method of the mode, and for the config method the endpoint objects of its contact points
 * (host:port, the nodes' management endpoints). The plain settings (management host and port, service
 * name, required contact points, pod label selector) are Pekko's own, set in application.conf.
 */
final class BootstrapOverlay {
    static final String CONTACT_POINTS_PATH = "ardoise.bootstrap.contact-points";
    static final String DISCOVERY_PATH = "pekko.management.cluster.bootstrap.contact-point-discovery";

    private BootstrapOverlay() {}

    /** The overlay to put in front of {@code config}. Empty when the mode is off. */
    static Config overlay(Config config) {
        BootstrapMode mode = BootstrapMode.from(config);
        if (mode == BootstrapMode.OFF) {
            return ConfigFactory.empty();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(DISCOVERY_PATH + ".discovery-method", mode.discoveryMethod().orElseThrow());
        if (mode == BootstrapMode.CONFIG) {
            String service = config.getString(DISCOVERY_PATH + ".service-name");
            settings.put("pekko.discovery.config.services." + service + ".endpoints",
                    endpoints(ListSetting.read(config, CONTACT_POINTS_PATH)));
        }
        return ConfigFactory.parseMap(settings);
    }

    private static List<Map<String, Object>> endpoints(List<String> contactPoints) {
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException(BootstrapMode.PATH + " = config needs " + CONTACT_POINTS_PATH
                    + " (ARDOISE_BOOTSTRAP_CONTACT_POINTS: the management endpoints, host:port,host:port)");
        }
        return contactPoints.stream().map(BootstrapOverlay::endpoint).toList();
    }

    private static Map<String, Object> endpoint(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(CONTACT_POINTS_PATH + ": '" + hostPort + "' is not host:port");
        }
        try {
            return Map.of("host", hostPort.substring(0, colon), "port", Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONTACT_POINTS_PATH + ": '" + hostPort + "' has no port number", e);
        }
    }
}
