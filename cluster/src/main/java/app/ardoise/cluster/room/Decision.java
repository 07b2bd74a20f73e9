package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;

/** What the room makes of a participant's action: an event to persist, a refusal, or nothing to change. */
sealed interface Decision {
    /** The event body to persist; seq, time and author are filled in by the room. */
    record Accept(RoomEvent.Builder event) implements Decision {}

    record Reject(String code, String message) implements Decision {}

    /** Already so (e.g. raising a raised hand): acknowledged without an event. */
    record Unchanged() implements Decision {}
}
