package app.ardoise.cluster.ws;

/**
 * What the guard needs to know about WebSocket frame events, and the one frame it writes. Keeping it this
 * narrow keeps pekko-http's internal frame model out of the guard and in {@link GuardedWebSocket}.
 *
 * <p>A frame reaches the guard as one event carrying its header and the first part of its payload, followed
 * by events carrying the rest, if the payload arrived in pieces.
 */
interface WireFrames<F> {

    /** The header of an event that starts a frame; null for an event carrying more of a frame's payload. */
    Header header(F event);

    /** Whether the event carries the last bytes of its frame's payload. */
    boolean endsFrame(F event);

    /** A close frame as a server sends it: unmasked. */
    F closeFrame(CloseRequest request);

    enum Kind {
        /** Text or binary: the first frame of a data message. */
        MESSAGE_START,
        /** A further frame of the current data message. */
        CONTINUATION,
        CLOSE,
        /** Ping, pong, or an opcode the inner stack will reject. */
        OTHER
    }

    record Header(Kind kind, long payloadLength, boolean fin) {
        boolean isData() {
            return kind == Kind.MESSAGE_START || kind == Kind.CONTINUATION;
        }
    }
}
