package app.ardoise.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Cluster Bootstrap settings that come from the environment but that HOCON cannot derive: the
 * discovery method that ARDOISE_BOOTSTRAP implies, and for the config method the endpoint objects
 * of ARDOISE_BOOTSTRAP_CONTACT_POINTS ("host:port,host:port", the nodes' management endpoints).
 * The plain settings (management host and port, service name, required contact points, pod label
 * selector) are read by application.conf itself.
 */
final class BootstrapOverlay {
    static final String MODE_VARIABLE = "ARDOISE_BOOTSTRAP";
    static final String CONTACT_POINTS_VARIABLE = "ARDOISE_BOOTSTRAP_CONTACT_POINTS";
    static final String DISCOVERY_PATH = "pekko.management.cluster.bootstrap.contact-point-discovery";

    private BootstrapOverlay() {}

    /**
     * The overlay to put in front of {@code config}, which gives the service name that the config
     * method files the endpoints under. Empty when ARDOISE_BOOTSTRAP is unset or off.
     */
    static Config environmentOverlay(Map<String, String> env, Config config) {
        String value = env.get(MODE_VARIABLE);
        if (value == null || value.isBlank()) {
            return ConfigFactory.empty();
        }
        BootstrapMode mode = BootstrapMode.parse(value);
        if (mode == BootstrapMode.OFF) {
            return ConfigFactory.empty();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put(BootstrapMode.PATH, mode.name().toLowerCase(Locale.ROOT));
        settings.put(DISCOVERY_PATH + ".discovery-method", mode.discoveryMethod().orElseThrow());
        if (mode == BootstrapMode.CONFIG) {
            String service = config.getString(DISCOVERY_PATH + ".service-name");
            settings.put("pekko.discovery.config.services." + service + ".endpoints", endpoints(env.get(CONTACT_POINTS_VARIABLE)));
        }
        return ConfigFactory.parseMap(settings);
    }

    private static List<Map<String, Object>> endpoints(String contactPoints) {
        if (contactPoints == null || contactPoints.isBlank()) {
            throw new IllegalArgumentException(MODE_VARIABLE + "=config needs " + CONTACT_POINTS_VARIABLE
                    + " (the management endpoints, host:port,host:port)");
        }
        return Arrays.stream(contactPoints.split(","))
                .map(String::strip)
                .filter(point -> !point.isEmpty())
                .map(BootstrapOverlay::endpoint)
                .toList();
    }

    private static Map<String, Object> endpoint(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException(CONTACT_POINTS_VARIABLE + ": '" + hostPort + "' is not host:port");
        }
        try {
            return Map.of("host", hostPort.substring(0, colon), "port", Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONTACT_POINTS_VARIABLE + ": '" + hostPort + "' has no port number", e);
        }
    }
}
