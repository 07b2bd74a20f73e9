package app.ardoise.cluster;

import app.ardoise.cluster.config.ListSetting;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Locale;

/**
 * Where a node's rooms keep their events: {@code ardoise.journal.store}, set from ARDOISE_JOURNAL. Cassandra is
 * the only store for classes. The in-memory one exists so that bench/compare can set Ardoise beside servers that
 * keep their documents in memory (equal durability): every class's board and chat is lost when the node stops,
 * so it is refused unless ARDOISE_BENCH_ONLY says the node is a benchmark's, and refused in a cluster of more
 * than one node, where a class that moves would start again from nothing on the node it moves to.
 */
final class JournalOverlay {
    static final String STORE_PATH = "ardoise.journal.store";
    static final String BENCH_ONLY_PATH = "ardoise.journal.bench-only";
    static final String IN_MEMORY_PLUGIN = "pekko.persistence.journal.inmem";

    /** The in-memory journal's snapshots go nowhere: a snapshot in Cassandra would outlive the events it sums up. */
    private static final String IN_MEMORY = """
            pekko.persistence {
              journal.plugin = "%s"
              snapshot-store.plugin = "ardoise.journal.discarded-snapshots"
            }
            ardoise.journal.discarded-snapshots.class = "%s"
            """.formatted(IN_MEMORY_PLUGIN, DiscardedSnapshots.class.getName());

    enum Store { CASSANDRA, IN_MEMORY }

    private JournalOverlay() {}

    static Store store(Config config) {
        String value = config.getString(STORE_PATH);
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "cassandra" -> Store.CASSANDRA;
            case "in-memory" -> Store.IN_MEMORY;
            default -> throw new IllegalArgumentException(STORE_PATH + " (ARDOISE_JOURNAL) must be cassandra or in-memory,"
                    + " not '" + value + "'");
        };
    }

    /**
     * The overlay to put in front of {@code config}: empty for Cassandra (ardoise-persistence.conf's plugins).
     * @throws IllegalArgumentException when the in-memory journal is asked for outside a one-node benchmark
     */
    static Config overlay(Config config) {
        if (store(config) == Store.CASSANDRA) {
            return ConfigFactory.empty();
        }
        if (!config.getBoolean(BENCH_ONLY_PATH)) {
            throw new IllegalArgumentException("ARDOISE_JOURNAL=in-memory loses every class when the node stops: it is"
                    + " for benchmarks only, and needs ARDOISE_BENCH_ONLY=on as well");
        }
        if (BootstrapMode.from(config) != BootstrapMode.OFF || !ListSetting.read(config, "ardoise.cluster.seed-nodes").isEmpty()) {
            throw new IllegalArgumentException("ARDOISE_JOURNAL=in-memory is for a one-node benchmark: a class that moved"
                    + " to another node would start there from nothing (unset ARDOISE_SEED_NODES and ARDOISE_BOOTSTRAP)");
        }
        return ConfigFactory.parseString(IN_MEMORY);
    }
}
