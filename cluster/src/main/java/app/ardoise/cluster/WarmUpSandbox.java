package app.ardoise.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The node the warm-up drives: a second Ardoise node inside this JVM, wired by the same code as the
 * real one ({@link ArdoiseServer}), so its REST API, WebSocket upgrades, sessions, sharded rooms and
 * event serializers run the very classes the real node will, and the JIT's work and the loaded classes
 * are the real node's gain. Nothing of it leaves the process:
 * <ul>
 *   <li>its journal is Pekko's in-memory one (with test-serialization on, so that events still go
 *       through the serializers that the Cassandra journal uses), and its snapshots are discarded
 *       ({@link DiscardedSnapshots}); the Cassandra plugin is never loaded, and its readiness probe,
 *       never asked, never opens a session;</li>
 *   <li>it is a cluster of its own: another system name, remoting on a free loopback port, no seed
 *       nodes, no bootstrap, so it joins itself and no other node can join it or be reached from it;</li>
 *   <li>HTTP on a free loopback port, media off (no SFU stream), and it does not warm up itself.</li>
 * </ul>
 */
final class WarmUpSandbox {
    /** A system name of its own: a message to or from an {@code ardoise} node would be refused. */
    static final String SYSTEM_NAME = "ardoise-warm-up";

    private static final String OVERLAY = """
            ardoise {
              warm-up.connections = 0
              # Its journal is in memory: a node's commit window (tests widen it to crash between relay and write)
              # would only make each of the warm-up board's batches wait, and run the warm-up out of time.
              room.group-commit-window = 0s
              bootstrap.mode = off
              cluster.seed-nodes = []
              media.enabled = off
              http {
                host = "127.0.0.1"
                port = 0
                # Every warm-up socket comes from 127.0.0.1: the per-address limits would throttle them.
                max-sockets-per-address = 1000000
                websockets-per-address-per-second = 1000000
                websockets-per-address-burst = 1000000
              }
            }
            pekko {
              # Membership and sharding chatter of a throwaway cluster would only confuse the node's log.
              loglevel = WARNING
              remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
              remote.artery.bind { hostname = "", port = "" }
              cluster {
                seed-nodes = []
                # The real node's cluster MBean has the name; a second would only fail to register.
                jmx.enabled = off
              }
              coordinated-shutdown {
                # Closing the sandbox must not end the JVM (a real node's config turns exit-jvm on).
                exit-jvm = off
                run-by-jvm-shutdown-hook = off
                # What a real node's shutdown waits for serves nobody here: its warm-up sockets have left, and no
                # node shares its cluster. The drain's flush (500 ms) and a one-node cluster's graceful leave (about
                # 1 s) made the sandbox's close 1.6-1.7 s of every node's start; without them it takes under 100 ms.
                # Its listener is still unbound and its remoting stopped when the system terminates.
                phases {
                  service-requests-done.enabled = off
                  cluster-sharding-shutdown-region.enabled = off
                  cluster-leave.enabled = off
                  cluster-exiting.enabled = off
                  cluster-exiting-done.enabled = off
                  cluster-shutdown.enabled = off
                }
              }
              persistence {
                journal.plugin = "pekko.persistence.journal.inmem"
                journal.inmem.test-serialization = on
                snapshot-store.plugin = "ardoise.warm-up.discarded-snapshots"
              }
            }
            ardoise.warm-up.discarded-snapshots.class = "app.ardoise.cluster.DiscardedSnapshots"
            # Nobody signs in to the sandbox, which would otherwise repeat dev mode's warning.
            ardoise.sign-in.mode = off
            """;

    private WarmUpSandbox() {}

    static Config config(Config node) {
        return ConfigFactory.parseString(OVERLAY).withFallback(node).resolve();
    }

    static ArdoiseServer start(Config node) {
        Config sandbox = config(node);
        return ArdoiseServer.start(sandbox, SYSTEM_NAME, NodeSettings.from(sandbox));
    }
}
