package app.ardoise.persistence;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an embedded Cassandra in the foreground until killed, for the development run and the test
 * script: {@code CassandraMain [dataDir [cqlPort [storagePort]]]}, each argument defaulting to
 * ARDOISE_CASSANDRA_DIR ({@code .run/cassandra}), ARDOISE_CASSANDRA_PORT (9042) and
 * ARDOISE_CASSANDRA_STORAGE_PORT (7000); ARDOISE_CASSANDRA_HEAP_MB sets the heap (1024).
 * Prints {@code cassandra ready on 127.0.0.1:PORT} once CQL answers, for scripts to wait on.
 */
public final class CassandraMain {
    private CassandraMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        EmbeddedCassandra.Settings settings = new EmbeddedCassandra.Settings(
                Path.of(setting(args, 0, env, "ARDOISE_CASSANDRA_DIR", ".run/cassandra")),
                Integer.parseInt(setting(args, 1, env, "ARDOISE_CASSANDRA_PORT", "9042")),
                Integer.parseInt(setting(args, 2, env, "ARDOISE_CASSANDRA_STORAGE_PORT", "7000")))
                .withHeapMb(Integer.parseInt(env.getOrDefault("ARDOISE_CASSANDRA_HEAP_MB",
                        Integer.toString(EmbeddedCassandra.Settings.DEFAULT_HEAP_MB))));
        EmbeddedCassandra cassandra;
        try {
            cassandra = EmbeddedCassandra.start(settings);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("cassandra ready on " + cassandra.contactPoint());
        // Killing this JVM stops Cassandra through its shutdown hook; Cassandra stopping on its own
        // (a crash, or a kill aimed at it) ends this JVM with a failure, so that scripts notice.
        int code = cassandra.awaitExit();
        System.err.println("cassandra stopped (exit code " + code + "); its log: " + cassandra.logFile());
        System.exit(1);
    }

    private static String setting(String[] args, int index, Map<String, String> env, String variable, String fallback) {
        return args.length > index ? args[index] : env.getOrDefault(variable, fallback);
    }
}
