package app.ardoise.cluster;

import app.ardoise.persistence.CassandraSettings;
import app.ardoise.persistence.CqlSessions;
import app.ardoise.persistence.EmbeddedCassandra;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/**
 * Starts a node from application.conf and the ARDOISE_* environment. With ARDOISE_EMBEDDED_CASSANDRA=on
 * (the dev run) it first starts Cassandra as a child process, whose data outlives the node.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Only a real process exits when its node leaves the cluster (downed, or drained); tests keep their JVM.
        Config config = ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on")
                .withFallback(CassandraSettings.environmentOverlay(System.getenv()))
                .withFallback(ClusterSeeds.environmentOverlay(System.getenv(), ArdoiseServer.SYSTEM_NAME))
                .withFallback(ConfigFactory.load());
        config = BootstrapOverlay.environmentOverlay(System.getenv(), config).withFallback(config);
        if ("on".equals(System.getenv("ARDOISE_EMBEDDED_CASSANDRA"))) {
            Path dir = Path.of(System.getenv().getOrDefault("ARDOISE_CASSANDRA_DIR", ".run/cassandra"));
            int port = Integer.parseInt(System.getenv().getOrDefault("ARDOISE_CASSANDRA_PORT", "9042"));
            int storagePort = Integer.parseInt(System.getenv().getOrDefault("ARDOISE_CASSANDRA_STORAGE_PORT", "7000"));
            System.out.println("starting the embedded Cassandra in " + dir.toAbsolutePath() + " ...");
            EmbeddedCassandra cassandra = EmbeddedCassandra.start(new EmbeddedCassandra.Settings(dir, port, storagePort));
            String keyspace = config.getString("ardoise.cassandra.keyspace");
            try (var session = CqlSessions.open(cassandra.contactPoint())) {
                SchemaInstaller.install(session, keyspace, Replication.simple(1));
            }
            config = CassandraSettings.overlay(cassandra.contactPoint(), keyspace, false).withFallback(config);
        }
        ArdoiseServer server = ArdoiseServer.start(config);
        server.system().log().info("Ardoise listening on port {}", server.port());
    }
}
