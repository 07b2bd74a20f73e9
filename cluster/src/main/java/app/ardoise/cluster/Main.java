package app.ardoise.cluster;

import app.ardoise.persistence.CassandraSettings;
import app.ardoise.persistence.CqlSessions;
import app.ardoise.persistence.EmbeddedCassandra;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.slf4j.LoggerFactory;

/**
 * Starts a node from application.conf, which reads the ARDOISE_* environment through environment.conf.
 * With ardoise.embedded-cassandra.enabled (the dev run) it first starts Cassandra as a child process,
 * whose data outlives the node.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Config config;
        NodeSettings settings;
        try {
            config = load();
            settings = NodeSettings.from(config);
        } catch (ConfigException | IllegalArgumentException e) {
            // An operator's mistake, not a bug: one line saying which setting, no stack trace.
            System.err.println("ardoise: not started: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Logging starts here, on one thread: when the node's threads log at once during its start, SLF4J
        // replays their first lines after a notice on standard error that no log collector could parse.
        LoggerFactory.getILoggerFactory();
        Config embedded = config.getConfig("ardoise.embedded-cassandra");
        if (embedded.getBoolean("enabled")) {
            EmbeddedCassandra.Settings cassandraSettings = EmbeddedCassandra.Settings.from(embedded);
            System.out.println("starting the embedded Cassandra in " + cassandraSettings.dataDir() + " ...");
            EmbeddedCassandra cassandra = EmbeddedCassandra.start(cassandraSettings);
            String keyspace = config.getString("ardoise.cassandra.keyspace");
            try (var session = CqlSessions.open(cassandra.contactPoint())) {
                SchemaInstaller.install(session, keyspace, Replication.simple(1));
            }
            config = CassandraSettings.overlay(cassandra.contactPoint(), keyspace, false).withFallback(config);
        }
        ArdoiseServer server = ArdoiseServer.start(config, settings);
        server.system().log().info("Ardoise listening on port {}", server.port());
        if (JournalOverlay.store(config) == JournalOverlay.Store.IN_MEMORY) {
            // Loud, because it must never go unnoticed: nothing a class does outlives this process.
            server.system().log().warn("ARDOISE_JOURNAL=in-memory: BENCHMARK ONLY, every class is lost when this node stops");
        }
    }

    /** The node's configuration, with the Pekko settings that its list and bootstrap settings imply. */
    private static Config load() {
        // Only a real process exits when its node leaves the cluster (downed, or drained); tests keep their JVM.
        Config config = ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on")
                .withFallback(ConfigFactory.load());
        config = CassandraSettings.contactPointsOverlay(config).withFallback(config);
        config = ClusterSeeds.overlay(config, ArdoiseServer.SYSTEM_NAME).withFallback(config);
        config = JournalOverlay.overlay(config).withFallback(config);
        return BootstrapOverlay.overlay(config).withFallback(config);
    }
}
