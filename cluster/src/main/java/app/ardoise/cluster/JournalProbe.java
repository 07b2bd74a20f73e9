package app.ardoise.cluster;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/** Asks the journal's own Cassandra session a trivial query, for readiness. */
final class JournalProbe {
    private final CassandraSession session;

    JournalProbe(ActorSystem<?> system) {
        this.session = CassandraSessionRegistry.get(system)
                .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }

    CompletionStage<Boolean> reachable() {
        return session.selectOne("SELECT release_version FROM system.local").thenApply(row -> row.isPresent());
    }
}
