package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;

/**
 * What the room makes of a participant's action: an event to persist, a refusal, nothing to change, or
 * ephemeral traffic to pass on to the others.
 */
sealed interface Decision {
    /** The event body to persist; seq, time and author are filled in by the room. */
    record Accept(RoomEvent.Builder event) implements Decision {}

    record Reject(String code, String message) implements Decision {}

    /** Already so (e.g. raising a raised hand): acknowledged without an event. */
    record Unchanged() implements Decision {}

    /** Pass on to everyone else, droppable, neither persisted nor acknowledged (live strokes, pointers). */
    record Relay(ServerFrame frame) implements Decision {}
}
