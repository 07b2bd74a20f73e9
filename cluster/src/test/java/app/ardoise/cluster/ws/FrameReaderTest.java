package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import app.ardoise.protocol.CloseCode;
import org.apache.pekko.http.impl.engine.ws.FrameData;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameHeader;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.Protocol;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import scala.Option;

/** The size limit, read from frame headers before the bytes come; a zero mask leaves payloads as they are. */
class FrameReaderTest {
    private final FrameReader reader = new FrameReader(100);

    @Test
    void countsEveryFrameOfAMessage() {
        assertEquals(FrameReader.Partial.class, reader.read(start(0x2, 60, false)).getClass());
        assertEquals(FrameReader.Partial.class, reader.read(start(0x0, 40, false)).getClass());
        assertTooBig(reader.read(start(0x0, 1, true)));
    }

    @Test
    void startsAgainWithEachMessage() {
        assertEquals(100, ((FrameReader.Binary) reader.read(start(0x2, 100, true))).data().size());
        assertEquals(100, ((FrameReader.Binary) reader.read(start(0x2, 100, true))).data().size());
        assertTooBig(reader.read(start(0x2, 101, true)));
    }

    @Test
    void leavesControlFramesBetweenFragmentsOut() {
        reader.read(start(0x2, 90, false));
        assertInstanceOf(FrameReader.Ping.class, reader.read(start(0x9, 125, true)));
        assertEquals(100, ((FrameReader.Binary) reader.read(start(0x0, 10, true))).data().size());
    }

    @Test
    void refusesALengthThatWouldOverflowASum() {
        reader.read(start(0x2, 50, false));
        FrameHeader hostile = new FrameHeader(opcode(0x0), Option.apply(0), Long.MAX_VALUE, true, false, false, false);
        assertTooBig(reader.read(new FrameStart(hostile, ByteString.emptyByteString())));
    }

    @Test
    void aFramesPayloadMayComeInParts() {
        FrameHeader header = new FrameHeader(opcode(0x2), Option.apply(0), 30, true, false, false, false);
        assertInstanceOf(FrameReader.Partial.class, reader.read(new FrameStart(header, ByteString.fromArray(new byte[10]))));
        assertInstanceOf(FrameReader.Partial.class, reader.read(new FrameData(ByteString.fromArray(new byte[10]), false)));
        FrameReader.Read last = reader.read(new FrameData(ByteString.fromArray(new byte[10]), true));
        assertEquals(30, ((FrameReader.Binary) last).data().size());
    }

    private static FrameEvent start(int opcode, int length, boolean fin) {
        FrameHeader header = new FrameHeader(opcode(opcode), Option.apply(0), length, fin, false, false, false);
        return new FrameStart(header, ByteString.fromArray(new byte[length]));
    }

    private static Protocol.Opcode opcode(int code) {
        return Protocol.Opcode$.MODULE$.forCode((byte) code);
    }

    private static void assertTooBig(FrameReader.Read read) {
        assertEquals(CloseCode.TOO_BIG, ((FrameReader.Violation) read).close().code());
    }
}
