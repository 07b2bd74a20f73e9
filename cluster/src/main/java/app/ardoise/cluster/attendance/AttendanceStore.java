package app.ardoise.cluster.attendance;

import app.ardoise.protocol.v1.AttendanceSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The closed sessions of each class (attendance.cql), through the journal's Cassandra session: one partition per
 * class, one row per session, the session as its protobuf bytes. Written again with the same key, a session is
 * overwritten, never doubled.
 */
public final class AttendanceStore {
    /** A row as the purge sees it. */
    public record Stored(String roomId, long startedAtMs, long endedAtMs) {}

    private final ActorSystem<?> system;
    private final String table;

    public AttendanceStore(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.table = keyspace + ".attendance";
    }

    public CompletionStage<Done> save(String roomId, AttendanceSession session) {
        return session().executeWrite("INSERT INTO " + table + " (room_id, started_at, ended_at, session) VALUES (?, ?, ?, ?)",
                roomId, session.getStartedAtMs(), session.getEndedAtMs(), ByteBuffer.wrap(session.toByteArray()));
    }

    /** Oldest first. */
    public CompletionStage<List<AttendanceSession>> sessions(String roomId) {
        return session().selectAll("SELECT session FROM " + table + " WHERE room_id = ?", roomId)
                .thenApply(rows -> rows.stream().map(AttendanceStore::parse).toList());
    }

    public CompletionStage<Done> erase(String roomId) {
        return session().executeWrite("DELETE FROM " + table + " WHERE room_id = ?", roomId);
    }

    /** Every class's sessions, keys only: one read of the table per purge, which never reads their contents. */
    public CompletionStage<List<Stored>> all() {
        return session().selectAll("SELECT room_id, started_at, ended_at FROM " + table)
                .thenApply(rows -> rows.stream()
                        .map(row -> new Stored(row.getString("room_id"), row.getLong("started_at"), row.getLong("ended_at")))
                        .toList());
    }

    public CompletionStage<Done> delete(Stored stored) {
        return session().executeWrite("DELETE FROM " + table + " WHERE room_id = ? AND started_at = ?",
                stored.roomId(), stored.startedAtMs());
    }

    /** One after the other: a purge is background work. */
    public CompletionStage<Done> deleteAll(List<Stored> gone) {
        CompletionStage<Done> deleted = CompletableFuture.completedFuture(Done.getInstance());
        for (Stored stored : gone) {
            deleted = deleted.thenCompose(previous -> delete(stored));
        }
        return deleted;
    }

    private static AttendanceSession parse(Row row) {
        ByteBuffer bytes = row.getByteBuffer("session");
        try {
            return AttendanceSession.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an attendance row holds what this node did not write", e);
        }
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
