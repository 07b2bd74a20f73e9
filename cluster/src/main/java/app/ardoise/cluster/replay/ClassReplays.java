package app.ardoise.cluster.replay;

import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.room.ReplayViews;
import app.ardoise.protocol.v1.ReplayPage;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomStateSnapshot;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A class's journal read back for its replay, a page at a time. Where retention purged the journal's start, the
 * replay starts from the oldest snapshot kept (the purge's own, RoomCommand.Purge): the events the journal still
 * holds before it are already folded into it.
 */
public final class ClassReplays {
    private final ActorSystem<?> system;
    private final String snapshots;
    private final int pageSize;

    public ClassReplays(ActorSystem<?> system, String keyspace, int pageSize) {
        this.system = system;
        this.snapshots = keyspace + ".snapshots";
        this.pageSize = pageSize;
    }

    /** The page after seq {@code after} (0: the first), as a teacher, or a student, may see it. */
    public CompletionStage<ReplayPage> page(String roomId, boolean teacher, long after) {
        String persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), roomId).id();
        return removals(persistenceId, after + 1).thenCompose(removals -> page(roomId, persistenceId, new Viewer(teacher, removals), after));
    }

    private CompletionStage<ReplayPage> page(String roomId, String persistenceId, Viewer viewer, long after) {
        if (after > 0) {
            return events(persistenceId, after + 1).thenApply(read -> page(read, viewer).build());
        }
        return events(persistenceId, 1).thenCompose(read -> read.isEmpty() || read.get(0).sequenceNr() == 1
                ? CompletableFuture.completedFuture(first(roomId, read, viewer).build())
                : oldestSnapshotFrom(persistenceId, read.get(0).sequenceNr() - 1).thenCompose(found -> found.isEmpty()
                        ? CompletableFuture.completedFuture(first(roomId, read, viewer).build())
                        : events(persistenceId, found.get().sequenceNr() + 1).thenApply(rest -> page(rest, viewer)
                                .setStart(ReplayViews.startFor(roomId, found.get().state(), viewer.teacher()))
                                .setStartSeq(found.get().sequenceNr())
                                .setStartTimeMs(found.get().writtenAtMs())
                                .build())));
    }

    /** Who reads, and the chat removed anywhere in the journal, which no page serves. */
    private record Viewer(boolean teacher, ChatRemovals removals) {
        Optional<RoomEvent> view(RoomEvent event) {
            return ReplayViews.eventFor(teacher, removals.applyTo(event));
        }
    }

    /**
     * The removals written from {@code from} on, to the journal's end: a deletion may come pages after the message it
     * removes, but never before it, so a page's messages are removed by events from the page on.
     */
    private CompletionStage<ChatRemovals> removals(String persistenceId, long from) {
        return journal().currentEventsByPersistenceId(persistenceId, from, Long.MAX_VALUE)
                .runWith(Sink.fold(new ChatRemovals(), (removals, envelope) -> removals.add((RoomEvent) envelope.event())), system);
    }

    /** From the first event, which is the start itself (a new class's title and first page). */
    private ReplayPage.Builder first(String roomId, List<EventEnvelope> read, Viewer viewer) {
        if (read.isEmpty()) {
            return ReplayPage.newBuilder();
        }
        RoomEvent created = (RoomEvent) read.get(0).event();
        return page(read.subList(1, read.size()), viewer, read.size())
                .setStart(ReplayViews.startFor(roomId, created, viewer.teacher()))
                .setStartSeq(created.getSeq())
                .setStartTimeMs(created.getTimeMs());
    }

    private ReplayPage.Builder page(List<EventEnvelope> read, Viewer viewer) {
        return page(read, viewer, read.size());
    }

    /** @param readCount how many events the page read: a full page has a next one */
    private ReplayPage.Builder page(List<EventEnvelope> read, Viewer viewer, int readCount) {
        ReplayPage.Builder page = ReplayPage.newBuilder();
        read.forEach(envelope -> viewer.view((RoomEvent) envelope.event()).ifPresent(page::addEvents));
        if (readCount == pageSize && !read.isEmpty()) {
            page.setNextAfter(read.get(read.size() - 1).sequenceNr());
        }
        return page;
    }

    private CompletionStage<List<EventEnvelope>> events(String persistenceId, long from) {
        return journal().currentEventsByPersistenceId(persistenceId, from, Long.MAX_VALUE)
                .take(pageSize)
                .runWith(Sink.seq(), system);
    }

    private CassandraReadJournal journal() {
        return PersistenceQuery.get(system.classicSystem())
                .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    }

    private record Stored(long sequenceNr, long writtenAtMs, RoomStateSnapshot state) {
    }

    /** The snapshot store's row, read back through Pekko's serialization as the store itself would (see ClassExport). */
    private CompletionStage<Optional<Stored>> oldestSnapshotFrom(String persistenceId, long sequenceNr) {
        return CassandraSessionRegistry.get(system).sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"))
                .selectOne("SELECT sequence_nr, timestamp, ser_id, ser_manifest, snapshot_data FROM " + snapshots
                        + " WHERE persistence_id = ? AND sequence_nr >= ? ORDER BY sequence_nr ASC LIMIT 1", persistenceId, sequenceNr)
                .thenApply(row -> row.map(this::stored));
    }

    private Stored stored(Row row) {
        ByteBuffer data = row.getByteBuffer("snapshot_data");
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        Object state = SerializationExtension.get(system.classicSystem())
                .deserialize(bytes, row.getInt("ser_id"), row.getString("ser_manifest")).get();
        return new Stored(row.getLong("sequence_nr"), row.getLong("timestamp"), (RoomStateSnapshot) state);
    }
}
