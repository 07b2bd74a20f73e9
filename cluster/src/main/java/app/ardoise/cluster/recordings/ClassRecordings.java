package app.ardoise.cluster.recordings;

import app.ardoise.cluster.blobs.BlobStore;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The index of a class's recordings: the table {@code class_recordings} (recordings.cql), through the journal's
 * session. The files themselves are blobs of the class (BlobStore).
 */
public final class ClassRecordings {
    private static final String COLUMNS = "recording_id, participant_id, started_at, ended_at, bytes, blob";

    private final ActorSystem<?> system;
    private final String table;
    private final BlobStore blobs;

    public ClassRecordings(ActorSystem<?> system, String keyspace, BlobStore blobs) {
        this.system = system;
        this.table = keyspace + ".class_recordings";
        this.blobs = blobs;
    }

    /** Stores the file as the class's blob, then indexes it: a failure half-way leaves no row without its bytes. */
    CompletionStage<StoredRecording> store(String roomId, String recordingId, String participantId, Instant startedAt,
                                           Instant endedAt, byte[] ogg) {
        return blobs.put(roomId, "audio/ogg", ogg).thenCompose(hash -> {
            StoredRecording stored = new StoredRecording(recordingId, participantId, startedAt, endedAt, ogg.length, hash);
            return session().executeWrite("INSERT INTO " + table + " (room_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                            roomId, recordingId, participantId, startedAt, endedAt, (long) ogg.length, hash)
                    .thenApply(done -> stored);
        });
    }

    /** Oldest first. */
    public CompletionStage<List<StoredRecording>> list(String roomId) {
        return session().selectAll("SELECT " + COLUMNS + " FROM " + table + " WHERE room_id = ?", roomId)
                .thenApply(rows -> rows.stream().map(ClassRecordings::recording)
                        .sorted(Comparator.comparing(StoredRecording::startedAt).thenComparing(StoredRecording::recordingId))
                        .toList());
    }

    public CompletionStage<Optional<StoredRecording>> find(String roomId, String recordingId) {
        return session().selectOne("SELECT " + COLUMNS + " FROM " + table + " WHERE room_id = ? AND recording_id = ?",
                roomId, recordingId).thenApply(row -> row.map(ClassRecordings::recording));
    }

    /**
     * Retention: deletes every recording that ended before its class's cutoff, its row and then its blob (unless another
     * row refers to the same bytes), and answers how many went. A scan of the table: it holds one small row per
     * recorded file, and the purge runs once an hour.
     */
    public CompletionStage<Integer> purgeEndedBefore(Function<String, Instant> cutoffOfClass) {
        return session().selectAll("SELECT room_id, " + COLUMNS + " FROM " + table)
                .thenCompose(rows -> {
                    List<Row> old = rows.stream()
                            .filter(row -> row.getInstant("ended_at") == null
                                    || row.getInstant("ended_at").isBefore(cutoffOfClass.apply(row.getString("room_id"))))
                            .toList();
                    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
                    for (Row row : old) {
                        String roomId = row.getString("room_id");
                        done = done.thenCompose(previous -> session().executeWrite(
                                        "DELETE FROM " + table + " WHERE room_id = ? AND recording_id = ?",
                                        roomId, row.getString("recording_id")))
                                .thenCompose(deleted -> blobs.release(roomId, row.getString("blob")));
                    }
                    return done.thenApply(all -> old.size());
                });
    }

    private static StoredRecording recording(Row row) {
        Instant started = row.getInstant("started_at");
        Instant ended = row.getInstant("ended_at");
        return new StoredRecording(row.getString("recording_id"), row.getString("participant_id"),
                started == null ? Instant.EPOCH : started, ended == null ? Instant.EPOCH : ended,
                row.getLong("bytes"), row.getString("blob"));
    }

    private CassandraSession session() {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
    }
}
