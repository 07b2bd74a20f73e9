package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench-only in-memory journal (ARDOISE_JOURNAL) cannot be switched on by accident. */
class JournalOverlayTest {
    private static final Map<String, String> BENCH = Map.of("ARDOISE_JOURNAL", "in-memory", "ARDOISE_BENCH_ONLY", "on");

    /** The configuration as Main builds it, from exactly this environment. */
    private static Config node(Map<String, String> env) {
        Config config = NodeEnvironment.load(env);
        return JournalOverlay.overlay(config).withFallback(config);
    }

    private static Map<String, String> bench(String name, String value) {
        var env = new HashMap<>(BENCH);
        env.put(name, value);
        return env;
    }

    @Test
    void a_node_writes_its_classes_to_cassandra_unless_told_otherwise() {
        Config config = node(Map.of());
        assertEquals(JournalOverlay.Store.CASSANDRA, JournalOverlay.store(config));
        assertEquals("pekko.persistence.cassandra.journal", config.getString("pekko.persistence.journal.plugin"));
        assertEquals("pekko.persistence.cassandra.snapshot", config.getString("pekko.persistence.snapshot-store.plugin"));
        assertEquals("pekko.persistence.cassandra.journal",
                node(Map.of("ARDOISE_JOURNAL", "Cassandra", "ARDOISE_BENCH_ONLY", "on")).getString("pekko.persistence.journal.plugin"),
                "bench-only alone changes nothing");
    }

    @Test
    void in_memory_alone_stops_the_node_and_says_why() {
        var refused = assertThrows(IllegalArgumentException.class, () -> node(Map.of("ARDOISE_JOURNAL", "in-memory")));
        assertTrue(refused.getMessage().contains("ARDOISE_BENCH_ONLY=on"), refused.getMessage());
        assertTrue(refused.getMessage().contains("loses every class"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> node(bench("ARDOISE_BENCH_ONLY", "off")));
        assertThrows(ConfigException.class, () -> node(bench("ARDOISE_BENCH_ONLY", "sure")), "not a yes or a no");
    }

    @Test
    void in_memory_is_refused_in_a_cluster_of_more_than_one_node() {
        var seeds = assertThrows(IllegalArgumentException.class,
                () -> node(bench("ARDOISE_SEED_NODES", "127.0.0.1:25520,127.0.0.1:25521")));
        assertTrue(seeds.getMessage().contains("one-node"), seeds.getMessage());
        assertThrows(IllegalArgumentException.class, () -> node(bench("ARDOISE_BOOTSTRAP", "kubernetes")));
    }

    @Test
    void an_unknown_store_names_the_variable() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> node(Map.of("ARDOISE_JOURNAL", "memory")));
        assertTrue(unknown.getMessage().contains("ARDOISE_JOURNAL"), unknown.getMessage());
    }

    @Test
    void a_benchmark_node_keeps_events_in_memory_and_no_snapshot_anywhere() {
        Config config = node(BENCH);
        assertEquals(JournalOverlay.Store.IN_MEMORY, JournalOverlay.store(config));
        assertEquals(JournalOverlay.IN_MEMORY_PLUGIN, config.getString("pekko.persistence.journal.plugin"));
        String snapshots = config.getString("pekko.persistence.snapshot-store.plugin");
        assertEquals(DiscardedSnapshots.class.getName(), config.getString(snapshots + ".class"),
                "a snapshot in Cassandra would outlive the events it sums up");
    }
}
