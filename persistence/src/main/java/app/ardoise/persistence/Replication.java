package app.ardoise.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How a keyspace is replicated: the {@code replication} map of CREATE KEYSPACE. */
public sealed interface Replication {
    /** Copies on as many nodes, wherever they are: one datacenter (or the embedded Cassandra). */
    record Simple(int factor) implements Replication {
        public Simple {
            requirePositive(factor, "replication factor");
        }

        @Override
        public String toCql() {
            return "{'class': 'SimpleStrategy', 'replication_factor': " + factor + "}";
        }
    }

    /** Copies per datacenter, e.g. {@code dc1 -> 3}. */
    record NetworkTopology(Map<String, Integer> factors) implements Replication {
        private static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9_.\\-]+");

        public NetworkTopology {
            if (factors.isEmpty()) {
                throw new IllegalArgumentException("NetworkTopologyStrategy needs at least one datacenter");
            }
            factors.forEach((datacenter, factor) -> {
                // The name goes into a CQL string literal.
                if (!DATACENTER.matcher(datacenter).matches()) {
                    throw new IllegalArgumentException("not a datacenter name: " + datacenter);
                }
                requirePositive(factor, "replication factor of " + datacenter);
            });
            factors = Map.copyOf(factors);
        }

        @Override
        public String toCql() {
            return factors.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(factor -> "'" + factor.getKey() + "': " + factor.getValue())
                    .collect(Collectors.joining(", ", "{'class': 'NetworkTopologyStrategy', ", "}"));
        }
    }

    String toCql();

    static Replication simple(int factor) {
        return new Simple(factor);
    }

    /** From {@code "dc1:3,dc2:2"} or {@code ["dc1:3", "dc2:2"]} entries, as pekko-persistence-cassandra reads them. */
    static Replication networkTopology(List<String> datacenterFactors) {
        Map<String, Integer> factors = new LinkedHashMap<>();
        for (String entry : datacenterFactors) {
            String[] parts = entry.strip().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected datacenter:factor, got " + entry);
            }
            factors.put(parts[0].strip(), Integer.parseInt(parts[1].strip()));
        }
        return new NetworkTopology(factors);
    }

    /** From the {@code ardoise.cassandra} section: replication-strategy and its factor settings. */
    static Replication fromConfig(Config cassandra) {
        String strategy = cassandra.getString("replication-strategy");
        return switch (strategy) {
            case "SimpleStrategy" -> simple(cassandra.getInt("replication-factor"));
            case "NetworkTopologyStrategy" -> networkTopology(stringOrList(cassandra, "data-center-replication-factors"));
            default -> throw new IllegalArgumentException(
                    "replication-strategy must be SimpleStrategy or NetworkTopologyStrategy, not " + strategy);
        };
    }

    private static List<String> stringOrList(Config config, String path) {
        // An environment variable can only give a string.
        if (config.getValue(path).valueType() == ConfigValueType.STRING) {
            return Arrays.stream(config.getString(path).split(",")).filter(entry -> !entry.isBlank()).toList();
        }
        return config.getStringList(path);
    }

    private static void requirePositive(int factor, String what) {
        if (factor < 1) {
            throw new IllegalArgumentException(what + " must be at least 1: " + factor);
        }
    }
}
