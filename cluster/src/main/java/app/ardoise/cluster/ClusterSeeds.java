package app.ardoise.cluster;

import app.ardoise.cluster.config.ListSetting;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;

/**
 * {@code ardoise.cluster.seed-nodes} (host:port remoting addresses, ARDOISE_SEED_NODES) as Pekko seed
 * nodes, for clusters started by hand or by bin/ardoise-cluster. Without them (and without bootstrap) a
 * node forms a cluster of its own; production on Kubernetes uses Cluster Bootstrap instead (README,
 * "Deploy on Kubernetes").
 */
final class ClusterSeeds {
    static final String PATH = "ardoise.cluster.seed-nodes";

    private ClusterSeeds() {}

    /** The overlay to put in front of {@code config}; empty when it names no seeds. */
    static Config overlay(Config config, String systemName) {
        List<String> addresses = ListSetting.read(config, PATH).stream()
                .map(seed -> "pekko://" + systemName + "@" + seed)
                .toList();
        return addresses.isEmpty() ? ConfigFactory.empty() : ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", addresses));
    }
}
