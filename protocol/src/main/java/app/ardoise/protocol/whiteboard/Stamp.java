package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.Objects;

/**
 * Who made an op and at which Lamport clock: the one total order every register uses to
 * decide which of two concurrent writes survives.
 */
public record Stamp(long lamport, String clientId) implements Comparable<Stamp> {

    public Stamp {
        Objects.requireNonNull(clientId, "clientId");
    }

    public static Stamp of(WhiteboardOp op) {
        return new Stamp(op.getLamport(), op.getClientId());
    }

    @Override
    public int compareTo(Stamp other) {
        // lamport is a proto uint64; client ids compare by UTF-16 code unit, as JavaScript's < does.
        int byClock = Long.compareUnsigned(lamport, other.lamport);
        return byClock != 0 ? byClock : clientId.compareTo(other.clientId);
    }

    /** "lamport@client_id", the form the digest uses. */
    String canonical() {
        return Long.toUnsignedString(lamport) + "@" + Canonical.escape(clientId);
    }
}
