package app.ardoise.cluster;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * How a starting node gets into its cluster. With seed nodes, Pekko joins them by itself; with neither
 * seeds nor bootstrap, the node joins itself (a one-node cluster); with Cluster Bootstrap, the node
 * serves Pekko Management's HTTP endpoint, where the others ask whether a cluster exists, and
 * bootstrap joins the cluster that its contact points report, or forms one from the lowest-addressed
 * contact point once enough of them answer.
 */
final class ClusterJoin {
    private ClusterJoin() {}

    static void start(ActorSystem<?> system, Config config) {
        BootstrapMode mode = BootstrapMode.from(config);
        boolean seeded = !config.getStringList("pekko.cluster.seed-nodes").isEmpty();
        if (mode != BootstrapMode.OFF && seeded) {
            // Both would join: the seeds' cluster and the one bootstrap finds need not be the same.
            throw new IllegalStateException("seed nodes and Cluster Bootstrap are both configured: keep one of "
                    + "ARDOISE_SEED_NODES and ARDOISE_BOOTSTRAP");
        }
        if (mode != BootstrapMode.OFF) {
            bootstrap(system, mode);
        } else if (!seeded) {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
    }

    private static void bootstrap(ActorSystem<?> system, BootstrapMode mode) {
        PekkoManagement management = PekkoManagement.get(system);
        Uri endpoint;
        try {
            // Bound before bootstrap starts: the other nodes' probes need it, and a taken port is better
            // found at start-up than as a node that never joins.
            endpoint = management.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Pekko Management on " + management.settings().getHttpEffectiveBindHostname()
                    + ":" + management.settings().getHttpEffectiveBindPort(), e);
        }
        ClusterBootstrap.get(system).start();
        system.log().info("Cluster Bootstrap ({} discovery) started; management on {}", mode.discoveryMethod().orElseThrow(), endpoint);
    }
}
