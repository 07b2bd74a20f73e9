package app.ardoise.persistence;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/**
 * Runs an embedded Cassandra in the foreground until killed, for bin/ardoise-cluster:
 * {@code CassandraMain [dataDir [cqlPort [storagePort]]]}, each argument defaulting to
 * {@code ardoise.embedded-cassandra} of the node's configuration (on the node's classpath, so with
 * ARDOISE_CASSANDRA_DIR, _PORT, _STORAGE_PORT and _HEAP_MB through its environment.conf).
 * Prints {@code cassandra ready on 127.0.0.1:PORT} once CQL answers, for scripts to wait on.
 */
public final class CassandraMain {
    private CassandraMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedCassandra.Settings configured =
                EmbeddedCassandra.Settings.from(ConfigFactory.load().getConfig("ardoise.embedded-cassandra"));
        EmbeddedCassandra.Settings settings = new EmbeddedCassandra.Settings(
                args.length > 0 ? Path.of(args[0]) : configured.dataDir(),
                args.length > 1 ? Integer.parseInt(args[1]) : configured.cqlPort(),
                args.length > 2 ? Integer.parseInt(args[2]) : configured.storagePort(),
                configured.heapMb(),
                configured.startTimeout(),
                configured.jmxPort());
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
}
