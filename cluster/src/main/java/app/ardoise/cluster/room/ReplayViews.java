package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomSnapshot;
import app.ardoise.protocol.v1.RoomStateSnapshot;
import java.util.Optional;

/**
 * What a replay's viewer may see of a class's journal, by the rules live listeners are held to (Visibility). A
 * viewer comes with a link or a session, not as a participant: a teacher sees what any teacher sees, a student only
 * what every student sees (no private chat, since none can be shown to be theirs).
 */
public final class ReplayViews {
    private ReplayViews() {}

    /** The event as the viewer gets it, or empty when they may not see it. */
    public static Optional<RoomEvent> eventFor(boolean teacher, RoomEvent event) {
        return Optional.ofNullable(Visibility.viewOf("", teacher, event));
    }

    /**
     * The class as its first event made it, where a replay of a whole journal starts: creating a class also makes its
     * first page (FirstPage), which no whiteboard event carries.
     */
    public static RoomSnapshot startFor(String roomId, RoomEvent first, boolean teacher) {
        return new RoomState(1, 1).apply(first).viewFor(roomId, "", teacher);
    }

    /** A stored snapshot of the class as the viewer may see it, where a replay starts after retention's purge. */
    public static RoomSnapshot startFor(String roomId, RoomStateSnapshot stored, boolean teacher) {
        // Keep all the snapshot holds: it is already bounded by the room's own settings when written.
        RoomState state = RoomState.fromSnapshot(stored, stored.getChatCount(), stored.getRecentCount());
        return state.viewFor(roomId, "", teacher);
    }
}
