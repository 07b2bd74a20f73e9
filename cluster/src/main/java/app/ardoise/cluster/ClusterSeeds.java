package app.ardoise.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ARDOISE_SEED_NODES ("host:port,host:port", remoting addresses) as Pekko seed nodes, for clusters
 * started by hand or by bin/ardoise-cluster. Without it (and without ARDOISE_BOOTSTRAP) a node forms a
 * cluster of its own; production on Kubernetes uses Cluster Bootstrap instead (README, "Deploy on
 * Kubernetes").
 */
final class ClusterSeeds {
    static final String VARIABLE = "ARDOISE_SEED_NODES";

    private ClusterSeeds() {}

    static Config environmentOverlay(Map<String, String> env, String systemName) {
        String seeds = env.get(VARIABLE);
        if (seeds == null || seeds.isBlank()) {
            return ConfigFactory.empty();
        }
        List<String> addresses = Arrays.stream(seeds.split(","))
                .map(String::strip)
                .filter(seed -> !seed.isEmpty())
                .map(seed -> "pekko://" + systemName + "@" + seed)
                .toList();
        return ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes", addresses));
    }
}
