package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;

/**
 * What the room makes of a participant's action: an event to persist, a refusal, nothing to change, or
 * ephemeral traffic to pass on to the others, or a
 * frame for the sender alone. {@link #accept} makes the room name every kind.
 */
sealed interface Decision {

    <R> R accept(Handler<R> handler);

    /** One method per kind of decision. */
    interface Handler<R> {
        R accepted(Accept accept);

        R rejected(Reject reject);

        R unchanged(Unchanged unchanged);

        R relayed(Relay relay);

        R replied(Reply reply);
    }

    /** The event body to persist; seq, time and author are filled in by the room. */
    record Accept(RoomEvent.Builder event) implements Decision {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.accepted(this);
        }
    }

    record Reject(String code, String message) implements Decision {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.rejected(this);
        }
    }

    /** Already so (e.g. raising a raised hand): acknowledged without an event. */
    record Unchanged() implements Decision {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.unchanged(this);
        }
    }

    /** Pass on, droppable, neither persisted nor acknowledged (live strokes, pointers, reactions). */
    record Relay(ServerFrame frame, Audience audience) implements Decision {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.relayed(this);
        }
    }

    /** Answer the sender alone with {@code frame}, then its Ack: nothing written (a teacher's visit to a group). */
    record Reply(ServerFrame frame) implements Decision {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.replied(this);
        }
    }

    /**
     * Who gets a relayed frame: the author already shows its own stroke or pointer, but a reaction comes
     * back to its author too, so that every client shows the same reactions in the same order.
     */
    enum Audience { OTHERS, EVERYONE }
}
