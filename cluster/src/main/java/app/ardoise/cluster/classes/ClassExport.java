package app.ardoise.cluster.classes;

import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.cluster.blobs.Blob;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.documents.Documents;
import app.ardoise.cluster.documents.StoredDocument;
import app.ardoise.cluster.recordings.ClassRecordings;
import app.ardoise.cluster.recordings.StoredRecording;
import app.ardoise.cluster.retention.ClassRetentions;
import app.ardoise.cluster.retention.RetentionDurations;
import app.ardoise.protocol.v1.ArchivedDocument;
import app.ardoise.protocol.v1.ArchivedEvent;
import app.ardoise.protocol.v1.ArchivedPage;
import app.ardoise.protocol.v1.ArchivedRecording;
import app.ardoise.protocol.v1.ArchivedSnapshot;
import app.ardoise.protocol.v1.ClassArchive;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomStateSnapshot;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Everything stored about one class, as one zip for a request of access: class.json (a ClassArchive: its events
 * and newest snapshot from the journal, its sessions' attendance, its documents, its owners and meetings, its
 * recordings), each picture of its documents as blobs/&lt;sha256&gt;.jpg and each recording as recordings/&lt;id&gt;.ogg.
 * Built in memory: a class holds at most a few documents of at most 200 pages, and recordings are purged after a
 * few weeks.
 */
public final class ClassExport {
    private final ActorSystem<?> system;
    private final Documents documents;
    private final ClassRows rows;
    private final ClassRetentions retentions;
    private final ClassRecordings recordings;
    private final Clock clock;
    private final String snapshots;
    private final AttendanceStore attendance;

    public ClassExport(ActorSystem<?> system, Documents documents, ClassRows rows, ClassRetentions retentions,
                       AttendanceStore attendance, ClassRecordings recordings, String keyspace, Clock clock) {
        this.system = system;
        this.attendance = attendance;
        this.recordings = recordings;
        this.retentions = retentions;
        this.documents = documents;
        this.rows = rows;
        this.clock = clock;
        this.snapshots = keyspace + ".snapshots";
    }

    /** The zip's bytes. */
    public CompletionStage<byte[]> export(String roomId) {
        String persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), roomId).id();
        ClassArchive.Builder archive = ClassArchive.newBuilder()
                .setRoomId(roomId)
                .setPersistenceId(persistenceId)
                .setExportedAtMs(clock.millis());
        return events(persistenceId).thenAccept(archive::addAllEvents)
                .thenCompose(done -> snapshot(persistenceId)).thenAccept(found -> found.ifPresent(archive::setSnapshot))
                .thenCompose(done -> rows.owners(roomId)).thenAccept(archive::addAllOwners)
                .thenCompose(done -> rows.meetings(roomId)).thenAccept(archive::addAllMeetings)
                .thenCompose(done -> retentions.find(roomId))
                .thenAccept(own -> {
                    own.events().ifPresent(kept -> archive.setEventsRetention(RetentionDurations.format(kept)));
                    own.attendance().ifPresent(kept -> archive.setAttendanceRetention(RetentionDurations.format(kept)));
                    own.recordings().ifPresent(kept -> archive.setRecordingsRetention(RetentionDurations.format(kept)));
                })
                .thenCompose(done -> attendance.sessions(roomId)).thenAccept(archive::addAllAttendance)
                .thenCompose(done -> recordings.list(roomId))
                .thenCompose(recorded -> {
                    recorded.forEach(recording -> archive.addRecordings(archived(recording)));
                    return recordingFiles(roomId, recorded);
                })
                .thenCompose(recordingFiles -> documents.list(roomId)
                        .thenCompose(stored -> {
                            stored.forEach(document -> archive.addDocuments(archived(document)));
                            return blobs(roomId, stored);
                        })
                        .thenApply(blobs -> zip(archive.build(), blobs, recordingFiles)));
    }

    private static ArchivedRecording archived(StoredRecording recording) {
        return ArchivedRecording.newBuilder()
                .setRecordingId(recording.recordingId())
                .setParticipantId(recording.participantId())
                .setStartedAtMs(recording.startedAt().toEpochMilli())
                .setEndedAtMs(recording.endedAt().toEpochMilli())
                .setBytes(recording.bytes())
                .build();
    }

    /** Each recording's Ogg bytes by its id, one after the other. */
    private CompletionStage<Map<String, byte[]>> recordingFiles(String roomId, List<StoredRecording> recorded) {
        CompletionStage<Map<String, byte[]>> read = CompletableFuture.completedFuture(new LinkedHashMap<>());
        for (StoredRecording recording : recorded) {
            read = read.thenCompose(files -> documents.blobs().get(roomId, recording.blob()).thenApply(blob -> {
                blob.ifPresent(found -> files.put(recording.recordingId(), found.bytes()));
                return files;
            }));
        }
        return read;
    }

    private CompletionStage<List<ArchivedEvent>> events(String persistenceId) {
        CassandraReadJournal journal = PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        return journal.currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
                .map(envelope -> ArchivedEvent.newBuilder()
                        .setSequenceNr(envelope.sequenceNr())
                        .setWrittenAtMs(envelope.timestamp())
                        .setEvent((RoomEvent) envelope.event())
                        .build())
                .runWith(Sink.seq(), system);
    }

    /**
     * The snapshot store keeps the state as the room's SnapshotAdapter made it, a RoomStateSnapshot, serialized by
     * the serializer its row names; read back through Pekko's serialization as the store itself would.
     */
    private CompletionStage<Optional<ArchivedSnapshot>> snapshot(String persistenceId) {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"))
                .selectOne("SELECT sequence_nr, timestamp, ser_id, ser_manifest, snapshot_data FROM " + snapshots
                        + " WHERE persistence_id = ? LIMIT 1", persistenceId)
                .thenApply(row -> row.map(this::snapshot));
    }

    private ArchivedSnapshot snapshot(Row row) {
        Serialization serialization = SerializationExtension.get(system.classicSystem());
        ByteBuffer data = row.getByteBuffer("snapshot_data");
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        Object state = serialization.deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest")).get();
        return ArchivedSnapshot.newBuilder()
                .setSequenceNr(row.getLong("sequence_nr"))
                .setWrittenAtMs(row.getLong("timestamp"))
                .setState((RoomStateSnapshot) state)
                .build();
    }

    private static ArchivedDocument archived(StoredDocument document) {
        ArchivedDocument.Builder archived = ArchivedDocument.newBuilder()
                .setDocumentId(document.documentId())
                .setName(document.name())
                .setCreatedAtMs(document.createdAt().toEpochMilli());
        for (StoredDocument.StoredPage page : document.pages()) {
            archived.addPages(ArchivedPage.newBuilder().setImage(page.image()).setThumbnail(page.thumbnail())
                    .setWidth(page.width()).setHeight(page.height()));
        }
        return archived.build();
    }

    /** One after the other: a blob may be a few MiB, and a class's pages are read once. */
    private CompletionStage<List<Blob>> blobs(String roomId, List<StoredDocument> stored) {
        Set<String> hashes = new LinkedHashSet<>();
        stored.forEach(document -> document.pages().forEach(page -> {
            hashes.add(page.image());
            hashes.add(page.thumbnail());
        }));
        CompletionStage<List<Blob>> read = CompletableFuture.completedFuture(new ArrayList<>());
        for (String hash : hashes) {
            read = read.thenCompose(list -> documents.blobs().get(roomId, hash).thenApply(blob -> {
                blob.ifPresent(list::add);
                return list;
            }));
        }
        return read;
    }

    private static byte[] zip(ClassArchive archive, List<Blob> blobs, Map<String, byte[]> recordingFiles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("class.json"));
            zip.write(JsonFormat.printer().print(archive).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Blob blob : blobs) {
                zip.putNextEntry(new ZipEntry("blobs/" + blob.hash() + ".jpg"));
                zip.write(blob.bytes());
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> recording : recordingFiles.entrySet()) {
                zip.putNextEntry(new ZipEntry("recordings/" + recording.getKey() + ".ogg"));
                zip.write(recording.getValue());
                zip.closeEntry();
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a class's archive is always printable as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
