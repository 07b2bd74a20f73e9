package app.ardoise.cluster;

import java.util.Optional;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;

/**
 * The warm-up sandbox's snapshot store (WarmUpSandbox): it has none to give and keeps none. Its classes
 * live only for the warm-up and are never recovered, yet a busy one still takes a snapshot every
 * {@code ardoise.room.snapshot-every} events; Pekko's own no-snapshot-store would fail that save and
 * log it, and its local store would leave files on the node's disk.
 */
public final class DiscardedSnapshots extends SnapshotStore {
    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return Futures.successful(Optional.empty());
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        return Futures.successful(null);
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        return Futures.successful(null);
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return Futures.successful(null);
    }
}
