package app.ardoise.cluster.classes;

import app.ardoise.cluster.attendance.AttendanceStore;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.documents.Documents;
import java.util.concurrent.CompletionStage;
import com.typesafe.config.ConfigValueFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.cleanup.Cleanup;
import org.apache.pekko.persistence.cassandra.cleanup.CleanupSettings;
import org.apache.pekko.persistence.typed.PersistenceId;
import scala.jdk.javaapi.FutureConverters;

/**
 * Deletes what Cassandra holds of a class: its events, snapshots and the journal's metadata and persistence-id
 * rows, with pekko-persistence-cassandra's own Cleanup (the journal knows its partitions; a delete by hand would
 * have to find them), its documents with the blobs no other class refers to (Documents#erase), and its sessions'
 * attendance (AttendanceStore). The class
 * must have stopped first: one still running would write after the delete.
 */
public final class ClassErasure {
    private final ActorSystem<?> system;
    private final Documents documents;
    private final AttendanceStore attendance;

    public ClassErasure(ActorSystem<?> system, Documents documents, AttendanceStore attendance) {
        this.system = system;
        this.documents = documents;
        this.attendance = attendance;
    }

    /**
     * Everything of the class's persistence id. The id is never used again (class ids are random), so the journal
     * keeps no record of it either (neverUsePersistenceIdAgain: its metadata row goes too). Not Cleanup#deleteAll,
     * which also deletes tagged events: the journal has no tag tables (events-by-tag is off, journal.cql).
     */
    public CompletionStage<Done> erase(String roomId) {
        String persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), roomId).id();
        Cleanup cleanup = cleanup();
        return FutureConverters.asJava(cleanup.deleteAllEvents(persistenceId, true))
                .thenCompose(events -> FutureConverters.asJava(cleanup.deleteAllSnapshots(persistenceId)))
                .thenCompose(snapshots -> documents.erase(roomId))
                .thenCompose(erased -> attendance.erase(roomId));
    }

    /**
     * Made for each erasure, which is rare, rather than with the node: a Cleanup starts the Cassandra journal and
     * its session as it is made, which in the warm-up's sandbox (a journal in memory) meant a driver's start
     * against the real Cassandra on every start. The journal plugin and its session are the node's, made once.
     */
    private Cleanup cleanup() {
        // Cleanup only logs what it would delete unless told otherwise (dry-run is on in its reference.conf).
        return new Cleanup(system, new CleanupSettings(system.settings().config()
                .getConfig("pekko.persistence.cassandra.cleanup")
                .withValue("dry-run", ConfigValueFactory.fromAnyRef(false))));
    }
}
