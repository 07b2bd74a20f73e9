package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import app.ardoise.persistence.CassandraSettings;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.Test;

/**
 * The sandbox keeps to itself whatever the real node is configured with: WarmUpTest runs a seedless
 * one-node cluster, and here the node has what a production one has (seeds or bootstrap, a public
 * address, an SFU, a JVM that exits with the node).
 */
class WarmUpSandboxTest {
    private static final Config PRODUCTION_NODE = ConfigFactory.parseString("""
            pekko.cluster.seed-nodes = ["pekko://ardoise@10.0.0.1:25520", "pekko://ardoise@10.0.0.2:25520"]
            pekko.remote.artery.canonical { hostname = "10.0.0.3", port = 25520 }
            pekko.remote.artery.bind { hostname = "0.0.0.0", port = 25520 }
            pekko.coordinated-shutdown.exit-jvm = on
            ardoise.bootstrap.mode = kubernetes
            ardoise.http { host = "0.0.0.0", port = 8080 }
            ardoise.media.enabled = on
            ardoise.warm-up.connections = 1000
            ardoise.room.group-commit-window = 4s
            """).withFallback(ConfigFactory.load()).resolve();

    private final Config sandbox = WarmUpSandbox.config(PRODUCTION_NODE);

    @Test
    void joins_no_cluster_but_its_own_on_loopback() {
        assertTrue(sandbox.getStringList("pekko.cluster.seed-nodes").isEmpty());
        assertEquals(BootstrapMode.OFF, BootstrapMode.from(sandbox));
        assertEquals("127.0.0.1", sandbox.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(0, sandbox.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("", sandbox.getString("pekko.remote.artery.bind.hostname"));
        assertEquals("127.0.0.1", sandbox.getString("ardoise.http.host"));
        assertEquals(0, sandbox.getInt("ardoise.http.port"));
        assertFalse(sandbox.getBoolean("ardoise.media.enabled"));
    }

    @Test
    void writes_to_no_journal_and_does_not_end_the_jvm_nor_warm_up_itself() {
        assertEquals("pekko.persistence.journal.inmem", sandbox.getString("pekko.persistence.journal.plugin"));
        String snapshots = sandbox.getString("pekko.persistence.snapshot-store.plugin");
        assertEquals(DiscardedSnapshots.class.getName(), sandbox.getString(snapshots + ".class"));
        assertFalse(sandbox.getBoolean("pekko.coordinated-shutdown.exit-jvm"));
        assertFalse(sandbox.getBoolean("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook"));
        assertEquals(0, sandbox.getInt("ardoise.warm-up.connections"));
    }

    @Test
    void writes_each_batch_at_once_whatever_the_node_waits() {
        assertEquals(Duration.ZERO, sandbox.getDuration("ardoise.room.group-commit-window"));
    }

    @Test
    void closes_without_the_leave_and_drain_that_serve_a_real_node() {
        for (String phase : List.of("service-requests-done", "cluster-sharding-shutdown-region", "cluster-leave",
                "cluster-exiting", "cluster-exiting-done", "cluster-shutdown")) {
            assertFalse(sandbox.getBoolean("pekko.coordinated-shutdown.phases." + phase + ".enabled"), phase);
        }
        String leave = "pekko.coordinated-shutdown.phases.cluster-leave.enabled";
        assertTrue(!PRODUCTION_NODE.hasPath(leave) || PRODUCTION_NODE.getBoolean(leave), "a real node still leaves its cluster");
    }

    /** The phases it skips must not leave anything of it behind: its listener and remoting ports are free again. */
    @Test
    void a_closed_sandbox_frees_its_ports() throws IOException {
        Config node = ConfigFactory.parseString("""
                ardoise.auth.api-key = "sandbox-test-api-key"
                ardoise.auth.token-secret = "sandbox-test-token-secret-0123456789"
                """).withFallback(ConfigFactory.load()).resolve();
        ArdoiseServer server = WarmUpSandbox.start(node);
        int http = server.port();
        int remoting = (int) Adapter.toClassic(server.system()).provider().getDefaultAddress().port().get();
        server.close();
        assertTrue(server.system().getWhenTerminated().toCompletableFuture().isDone());
        for (int port : new int[] {http, remoting}) {
            try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, free.getLocalPort());
            }
        }
    }

    /**
     * The warm-up's board and a wave of connections against a sandbox whose node names a Cassandra that is only a
     * listening socket here: nothing of the sandbox may connect to it (its journal is in memory; the journal
     * cleanup of class erasure and the retention purge, which start a driver as they are made, are not made).
     */
    @Test
    void a_warm_up_never_reaches_the_nodes_cassandra() throws Exception {
        try (ServerSocket cassandra = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connected = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!cassandra.isClosed()) {
                    try {
                        cassandra.accept().close();
                        connected.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.start();
            Config node = CassandraSettings.overlay("127.0.0.1:" + cassandra.getLocalPort(), "warm_up_sandbox", false)
                    .withFallback(ConfigFactory.parseString("""
                            ardoise.auth.api-key = "sandbox-test-api-key"
                            ardoise.auth.token-secret = "sandbox-test-token-secret-0123456789"
                            """))
                    .withFallback(ConfigFactory.load()).resolve();
            try (ArdoiseServer server = WarmUpSandbox.start(node)) {
                WarmUpLoad load = new WarmUpLoad(server.port(), "sandbox-test-api-key");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                assertEquals(2000, new WarmUpBoard(load).run(deadline));
                assertEquals(20, load.run(20, deadline));
            }
            assertEquals(0, connected.get(), "connections to the node's Cassandra");
        }
    }
}
