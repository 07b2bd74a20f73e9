package app.ardoise.cluster.session;

import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * A client's written events it already holds as live batches (protocol/WHITEBOARD.md, "Written marks"): for a
 * client that asked for marks, a written whiteboard event whose live batch went out whole to it is not sent again;
 * the client learns it was written from {@code ServerFrame.written_through}, added to the next frame that goes out
 * (or sent alone on the session's next heartbeat when the class is quiet). Every listener then gets each batch
 * once, not twice.
 *
 * <p>The mark is appended to frames already encoded (a room's shared broadcast, a relay) as one more Protobuf
 * field: a parser reads concatenated encodings as one merged message, so nothing is decoded or encoded again.
 */
final class WrittenMarks {
    /** ServerFrame.written_through's field number (wire.proto). */
    private static final int FIELD = 250;
    /** A client that holds more unwritten live batches than this is far behind: it gets the events whole. */
    private static final int MAX_HELD = 512;

    /** Seqs of live batches that went out to the client, not written yet, increasing. */
    private long[] held = new long[8];
    private int first;
    private int count;
    /** Written through this seq and not yet told: 0 when nothing is owed. */
    private long owed;

    /** A live batch that went out to the client. */
    void relayed(long seq) {
        if (count > 0 && held[index(count - 1)] >= seq) {
            forget(); // the class restarted and numbers again: keep nothing from before
        }
        if (count == MAX_HELD) {
            forget();
            return;
        }
        if (count == held.length) {
            held = unrolled(held.length * 2);
        }
        held[index(count)] = seq;
        count++;
    }

    /**
     * A journal write's events {@code firstSeq..lastSeq} are due to the client: true when it holds every one of them
     * as a live batch, so the write goes out as a mark only; false when it must go out whole.
     */
    boolean heldWhole(long firstSeq, long lastSeq) {
        while (count > 0 && held[first] < firstSeq) {
            drop(); // a live batch not written in this class's sequence: the write that tells comes whole
        }
        int covered = 0;
        while (covered < count && held[index(covered)] <= lastSeq) {
            covered++;
        }
        boolean whole = covered == lastSeq - firstSeq + 1;
        for (int i = 0; i < covered; i++) {
            drop();
        }
        if (whole) {
            owed = lastSeq;
        }
        return whole;
    }

    /** The class may have restarted (a catch-up, a Welcome, a reattach): what went out live before is not evidence. */
    void forget() {
        first = 0;
        count = 0;
    }

    /** A Welcome gives the client the written board up to its seq: nothing before it is owed. */
    void welcomed() {
        forget();
        owed = 0;
    }

    boolean owes() {
        return owed > 0;
    }

    /** The frame with the owed mark added, which is then told. */
    ByteString marked(ByteString frame) {
        if (owed == 0) {
            return frame;
        }
        ByteString marked = frame.concat(alone());
        owed = 0;
        return marked;
    }

    /** A frame with the owed mark and no body, which is then told. */
    ByteString alone() {
        ByteStringBuilder mark = new ByteStringBuilder();
        varint(mark, (long) FIELD << 3);
        varint(mark, owed);
        owed = 0;
        return mark.result();
    }

    private static void varint(ByteStringBuilder out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.putByte((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.putByte((byte) value);
    }

    private void drop() {
        first = (first + 1) % held.length;
        count--;
    }

    private int index(int i) {
        return (first + i) % held.length;
    }

    private long[] unrolled(int size) {
        long[] grown = new long[size];
        for (int i = 0; i < count; i++) {
            grown[i] = held[index(i)];
        }
        first = 0;
        return grown;
    }
}
