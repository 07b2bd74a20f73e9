package app.ardoise.cluster.classes;

import app.ardoise.protocol.v1.ArchivedMeeting;
import app.ardoise.protocol.v1.ArchivedOwner;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The rows outside the journal and the documents that name a class: its owners' index (teacher_classes, keyed by
 * teacher), the BigBlueButton meetings that open it (bbb_meetings, keyed by meetingID, and bbb_classes) and its own
 * retention (class_retention), and the index of its recordings (class_recordings, whose files are blobs of the class,
 * which the documents' erasure releases). The
 * first two are found by a scan of their table (ALLOW FILTERING): an export or an erasure is rare and whole-table
 * reads of these small tables cost less than a second index every write would keep up to date.
 */
public final class ClassRows {
    private final ActorSystem<?> system;
    private final String owners;
    private final String meetings;
    private final String meetingsByClass;
    private final String retention;
    private final String recordings;

    public ClassRows(ActorSystem<?> system, String keyspace) {
        this.system = system;
        this.owners = keyspace + ".teacher_classes";
        this.meetings = keyspace + ".bbb_meetings";
        this.meetingsByClass = keyspace + ".bbb_classes";
        this.retention = keyspace + ".class_retention";
        this.recordings = keyspace + ".class_recordings";
    }

    public CompletionStage<List<ArchivedOwner>> owners(String roomId) {
        return session().selectAll("SELECT subject, title, created_at, archived FROM " + owners
                        + " WHERE room_id = ? ALLOW FILTERING", roomId)
                .thenApply(rows -> rows.stream().map(ClassRows::owner).toList());
    }

    public CompletionStage<List<ArchivedMeeting>> meetings(String roomId) {
        return session().selectAll("SELECT meeting_id, create_time, ended_at, params FROM " + meetings
                        + " WHERE room_id = ? ALLOW FILTERING", roomId)
                .thenApply(rows -> rows.stream().map(ClassRows::meeting).toList());
    }

    /** Every row naming the class in these tables. */
    public CompletionStage<Done> erase(String roomId) {
        return owners(roomId)
                .thenCompose(found -> all(found.stream().map(owner -> session().executeWrite(
                        "DELETE FROM " + owners + " WHERE subject = ? AND room_id = ?", owner.getSubject(), roomId)).toList()))
                .thenCompose(done -> meetings(roomId))
                .thenCompose(found -> all(found.stream().map(meeting -> session().executeWrite(
                        "DELETE FROM " + meetings + " WHERE meeting_id = ?", meeting.getMeetingId())).toList()))
                .thenCompose(done -> session().executeWrite("DELETE FROM " + meetingsByClass + " WHERE room_id = ?", roomId))
                .thenCompose(done -> session().executeWrite("DELETE FROM " + retention + " WHERE room_id = ?", roomId))
                .thenCompose(done -> session().executeWrite("DELETE FROM " + recordings + " WHERE room_id = ?", roomId));
    }

    private static CompletionStage<Done> all(List<CompletionStage<Done>> writes) {
        return CompletableFuture.allOf(writes.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .thenApply(done -> Done.getInstance());
    }

    private static ArchivedOwner owner(Row row) {
        Instant created = row.getInstant("created_at");
        return ArchivedOwner.newBuilder()
                .setSubject(row.getString("subject"))
                .setTitle(orEmpty(row.getString("title")))
                .setCreatedAtMs(created == null ? 0 : created.toEpochMilli())
                .setArchived(row.getBoolean("archived"))
                .build();
    }

    private static ArchivedMeeting meeting(Row row) {
        Map<String, String> params = row.getMap("params", String.class, String.class);
        return ArchivedMeeting.newBuilder()
                .setMeetingId(row.getString("meeting_id"))
                .setCreateTimeMs(row.getLong("create_time"))
                .setEndedAtMs(row.getLong("ended_at"))
                .putAllParams(params == null ? Map.of() : params)
                .build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
