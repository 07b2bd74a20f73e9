package app.ardoise.cluster.bbb;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The {@code bbb_meetings} table and its way back by class, {@code bbb_classes} (bbb.cql, installed by
 * SchemaInstaller), in the journal's keyspace, through the journal's own Cassandra session, as TeacherClasses does:
 * every node sees the same meetings.
 */
public final class BbbMeetings {
    private static final String COLUMNS = "meeting_id, room_id, create_time, ended_at, params";
    /** getMeetings reads at most this many rows: the API is for a school's LMS, not a listing of a whole cluster. */
    private static final int LISTED = 1000;

    private final ActorSystem<?> system;
    private final String table;
    private final String classes;

    public BbbMeetings(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.table = keyspace + ".bbb_meetings";
        this.classes = keyspace + ".bbb_classes";
    }

    CompletionStage<Optional<BbbMeeting>> find(String meetingId) {
        return session().selectOne("SELECT " + COLUMNS + " FROM " + table + " WHERE meeting_id = ?", meetingId)
                .thenApply(row -> row.map(BbbMeetings::meeting));
    }

    /** The meeting that opened class {@code roomId}, if the API made it (the {@code bbb_classes} table). */
    CompletionStage<Optional<BbbMeeting>> ofClass(String roomId) {
        return session().selectOne("SELECT meeting_id FROM " + classes + " WHERE room_id = ?", roomId)
                .thenCompose(row -> row.isEmpty() ? CompletableFuture.completedFuture(Optional.<BbbMeeting>empty())
                        : find(row.get().getString("meeting_id")));
    }

    /**
     * Adds a new meeting unless its meetingID is taken, as one write (a lightweight transaction): of two creates of
     * one new meetingID at once, on any nodes, one adds it and the other finds it.
     */
    CompletionStage<Boolean> add(BbbMeeting meeting) {
        return session().selectOne("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) IF NOT EXISTS",
                        meeting.meetingId(), meeting.roomId(), meeting.createTime(), meeting.endedAt(), meeting.params())
                .thenApply(row -> row.map(r -> r.getBoolean("[applied]")).orElse(false))
                .thenCompose(added -> added ? saveClass(meeting).thenApply(done -> true) : CompletableFuture.completedFuture(false));
    }

    /**
     * Replaces {@code before} with {@code renewed} if the row is still as read, as one write (a lightweight
     * transaction): of two creates at once after an end, on any nodes, one starts the meeting again and the other
     * finds it started; an end read before such a create leaves it be. Also writes the class's way back to it: a
     * meeting made before bbb_classes existed gets it at its next end.
     */
    CompletionStage<Boolean> renew(BbbMeeting before, BbbMeeting renewed) {
        return session().selectOne("UPDATE " + table + " SET room_id = ?, create_time = ?, ended_at = ?, params = ?"
                                + " WHERE meeting_id = ? IF create_time = ? AND ended_at = ?",
                        renewed.roomId(), renewed.createTime(), renewed.endedAt(), renewed.params(), renewed.meetingId(),
                        before.createTime(), before.endedAt())
                .thenApply(row -> row.map(r -> r.getBoolean("[applied]")).orElse(false))
                .thenCompose(done -> done ? saveClass(renewed).thenApply(saved -> true) : CompletableFuture.completedFuture(false));
    }

    private CompletionStage<Done> saveClass(BbbMeeting meeting) {
        return session().executeWrite("INSERT INTO " + classes + " (room_id, meeting_id) VALUES (?, ?)",
                meeting.roomId(), meeting.meetingId());
    }

    /** The meetings not ended through the API. */
    CompletionStage<List<BbbMeeting>> open() {
        return session().selectAll("SELECT " + COLUMNS + " FROM " + table + " LIMIT " + LISTED)
                .thenApply(rows -> rows.stream().map(BbbMeetings::meeting).filter(m -> m.endedAt() == 0).toList());
    }

    private static BbbMeeting meeting(Row row) {
        Map<String, String> params = row.getMap("params", String.class, String.class);
        return new BbbMeeting(row.getString("meeting_id"), row.getString("room_id"), row.getLong("create_time"),
                row.getLong("ended_at"), params == null ? Map.of() : params);
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
