package app.ardoise.cluster.http;

import app.ardoise.cluster.classes.ClassErasure;
import app.ardoise.cluster.classes.ClassRows;
import app.ardoise.cluster.contract.BreakoutRooms;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * "Delete this class's data now", whoever asks (its owner, a teacher's link, the operator). The class stops first
 * (everyone in it is closed out, and it writes no more), then its journal, snapshots and documents go
 * (ClassErasure), then the rows that lead to it: its owners' index and its BigBlueButton meetings (ClassRows). A
 * failure on the way leaves it listed, to delete again. Stopped and erased twice: a message that started the class
 * again from its journal before the first erasure (a participant reconnecting at that instant) is stopped and
 * anything it wrote is erased by the second; after the first erasure the class starts empty and writes nothing.
 */
final class ClassDeletion {
    private final RoomDirectory rooms;
    private final ClassErasure erasure;
    private final ClassRows rows;

    ClassDeletion(RoomDirectory rooms, ClassErasure erasure, ClassRows rows) {
        this.rooms = rooms;
        this.erasure = erasure;
        this.rows = rows;
    }

    CompletionStage<Done> delete(String roomId) {
        return stopAndErase(roomId)
                .thenCompose(erased -> stopAndErase(roomId))
                .thenCompose(erased -> rows.erase(roomId));
    }

    /** The class, then each of its breakout groups, each a class of its own (BreakoutRooms). */
    private CompletionStage<Done> stopAndErase(String roomId) {
        return rooms.delete(roomId).thenCompose(stopped -> erasure.erase(roomId).thenCompose(erased -> {
            CompletionStage<Done> groups = CompletableFuture.completedStage(Done.getInstance());
            for (String group : BreakoutRooms.all(roomId, stopped.breakoutGroups())) {
                groups = groups.thenCompose(previous -> rooms.delete(group)).thenCompose(gone -> erasure.erase(group));
            }
            return groups;
        }));
    }
}
