package app.ardoise.cluster.retention;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Each class's own retention of its events, shorter than the deployment's: the table {@code class_retention}
 * (retention.cql, installed by SchemaInstaller), through the journal's Cassandra session. A class without a row
 * keeps the deployment's.
 */
public final class ClassRetentions {
    private final ActorSystem<?> system;
    private final String table;

    public ClassRetentions(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.table = keyspace + ".class_retention";
    }

    public CompletionStage<Done> set(String roomId, Duration events) {
        return session().executeWrite("INSERT INTO " + table + " (room_id, events_ms) VALUES (?, ?)", roomId, events.toMillis());
    }

    public CompletionStage<Done> clear(String roomId) {
        return session().executeWrite("DELETE FROM " + table + " WHERE room_id = ?", roomId);
    }

    public CompletionStage<Optional<Duration>> find(String roomId) {
        return session().selectOne("SELECT events_ms FROM " + table + " WHERE room_id = ?", roomId)
                .thenApply(row -> row.map(found -> Duration.ofMillis(found.getLong("events_ms"))));
    }

    /** Every class's own, for one purge: a row per class that set one, so a small table read once a pass. */
    CompletionStage<Map<String, Duration>> all() {
        return session().selectAll("SELECT room_id, events_ms FROM " + table)
                .thenApply(rows -> rows.stream().collect(Collectors.toMap(
                        row -> row.getString("room_id"), row -> Duration.ofMillis(row.getLong("events_ms")))));
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
