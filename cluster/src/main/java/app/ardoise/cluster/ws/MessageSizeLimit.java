package app.ardoise.cluster.ws;

/**
 * Adds up the payload of the incoming data message from the length each frame header announces, so a message
 * is refused before its bytes arrive. Control frames may come between the fragments of a message; they are not
 * part of it.
 */
final class MessageSizeLimit {
    private final long maxBytes;
    private long messageBytes;

    MessageSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether the frame keeps its message within the limit. */
    boolean admits(WireFrames.Header header) {
        if (!header.isData()) {
            return true;
        }
        if (header.kind() == WireFrames.Kind.MESSAGE_START) {
            messageBytes = 0;
        }
        // Compared this way round because a hostile 64-bit length would overflow a sum.
        if (header.payloadLength() > maxBytes - messageBytes) {
            messageBytes = maxBytes + 1;
            return false;
        }
        messageBytes += header.payloadLength();
        return true;
    }
}
