package app.ardoise.cluster.room;

import app.ardoise.protocol.v1.ClientFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the room's fuzz tests read their input: records of one header byte, two bytes of big-endian length,
 * then that many bytes, parsed as a ClientFrame as ClientSession does. Bit 0 of the header picks the sender
 * (0 the teacher {@link #TEACHER}, 1 the student {@link #STUDENT}); the tests give the other bits meanings
 * of their own.
 */
record FrameRecords(int header, ClientFrame frame) {
    static final String TEACHER = "t1";
    static final String STUDENT = "s1";

    String sender() {
        return (header & 1) == 0 ? TEACHER : STUDENT;
    }

    /**
     * The records whose bytes parse; the others are dropped, as the session answers them itself
     * ("malformed") and the room never sees them.
     */
    static List<FrameRecords> read(byte[] input) {
        List<FrameRecords> records = new ArrayList<>();
        for (int at = 0; at + 3 <= input.length; ) {
            int header = input[at] & 0xFF;
            int length = Math.min(((input[at + 1] & 0xFF) << 8) | (input[at + 2] & 0xFF), input.length - at - 3);
            byte[] bytes = Arrays.copyOfRange(input, at + 3, at + 3 + length);
            at += 3 + length;
            try {
                records.add(new FrameRecords(header, ClientFrame.parseFrom(bytes)));
            } catch (InvalidProtocolBufferException malformed) {
                // the session's answer, not the room's
            }
        }
        return records;
    }
}
