package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** A node given both seed nodes and Cluster Bootstrap would join two ways: it refuses to start. */
class ClusterJoinTest {
    @Test
    void seed_nodes_and_bootstrap_together_are_refused() {
        Config config = ConfigFactory.parseString("""
                ardoise.bootstrap.mode = config
                ardoise.auth.api-key = "an-api-key"
                ardoise.auth.token-secret = "a-token-secret-of-some-length"
                pekko.cluster.seed-nodes = ["pekko://ardoise@127.0.0.1:1"]
                pekko.remote.artery.canonical.port = 0
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load());
        var refused = assertThrows(IllegalStateException.class, () -> ArdoiseServer.start(config));
        assertTrue(refused.getMessage().contains("ARDOISE_SEED_NODES"), refused.getMessage());
    }
}
