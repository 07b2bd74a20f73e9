package app.ardoise.cluster;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Asks the journal's own Cassandra session a trivial query, for readiness. The session is looked up at
 * the first probe (the registry keeps it), not when the node is wired: the warm-up's sandbox node
 * (WarmUpSandbox) is never probed, and so never connects to Cassandra.
 */
final class JournalProbe {
    private final ActorSystem<?> system;

    JournalProbe(ActorSystem<?> system) {
        this.system = system;
    }

    CompletionStage<Boolean> reachable() {
        CassandraSession session = CassandraSessionRegistry.get(system)
                .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
        return session.selectOne("SELECT release_version FROM system.local").thenApply(row -> row.isPresent());
    }
}
