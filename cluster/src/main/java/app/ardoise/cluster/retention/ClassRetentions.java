package app.ardoise.cluster.retention;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Each class's own retentions of its events, attendance and recordings, shorter than the deployment's: the table
 * {@code class_retention} (retention.cql, installed by SchemaInstaller), through the journal's Cassandra session.
 * A class without a row, or a null column, keeps the deployment's.
 */
public final class ClassRetentions {
    /** One of a class's own retentions, as a request changes it: set to a duration, or cleared when empty. */
    public record Change(String column, Optional<Duration> kept) {
        public static Change events(Optional<Duration> kept) {
            return new Change("events_ms", kept);
        }

        public static Change attendance(Optional<Duration> kept) {
            return new Change("attendance_ms", kept);
        }

        public static Change recordings(Optional<Duration> kept) {
            return new Change("recordings_ms", kept);
        }
    }

    private static final String COLUMNS = "events_ms, attendance_ms, recordings_ms";

    private final ActorSystem<?> system;
    private final String table;

    public ClassRetentions(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.table = keyspace + ".class_retention";
    }

    /**
     * One write of only the columns changed, so that two requests changing different retentions both hold; a
     * cleared one is written null, the deployment's.
     */
    public CompletionStage<Done> change(String roomId, List<Change> changes) {
        List<Object> values = new ArrayList<>();
        changes.forEach(change -> values.add(change.kept().map(Duration::toMillis).orElse(null)));
        values.add(roomId);
        String sets = changes.stream().map(change -> change.column() + " = ?").collect(Collectors.joining(", "));
        return session().executeWrite("UPDATE " + table + " SET " + sets + " WHERE room_id = ?", values.toArray());
    }

    public CompletionStage<OwnRetention> find(String roomId) {
        return session().selectOne("SELECT " + COLUMNS + " FROM " + table + " WHERE room_id = ?", roomId)
                .thenApply(row -> row.map(ClassRetentions::own).orElse(OwnRetention.DEPLOYMENT));
    }

    /** Every class's own, for one purge: a row per class that set one, so a small table read once a pass. */
    CompletionStage<Map<String, OwnRetention>> all() {
        return session().selectAll("SELECT room_id, " + COLUMNS + " FROM " + table)
                .thenApply(rows -> rows.stream().collect(Collectors.toMap(row -> row.getString("room_id"), ClassRetentions::own)));
    }

    private static OwnRetention own(Row row) {
        return new OwnRetention(duration(row, "events_ms"), duration(row, "attendance_ms"), duration(row, "recordings_ms"));
    }

    private static Optional<Duration> duration(Row row, String column) {
        return row.isNull(column) ? Optional.empty() : Optional.of(Duration.ofMillis(row.getLong(column)));
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
