package app.ardoise.cluster;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * A readiness check of Pekko Management (application.conf, pekko.management.health-checks): the same
 * journal probe as our /health/ready, so the management port's /ready does not call a node ready
 * that our own port calls unready. Management creates it by reflection, with its classic system.
 */
public final class JournalReadiness implements Supplier<CompletionStage<Boolean>> {
    private final JournalProbe probe;

    public JournalReadiness(ActorSystem system) {
        this.probe = new JournalProbe(Adapter.toTyped(system));
    }

    @Override
    public CompletionStage<Boolean> get() {
        return probe.reachable();
    }
}
