package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.ws.WireFrames.Header;
import app.ardoise.cluster.ws.WireFrames.Kind;
import org.junit.jupiter.api.Test;

class MessageSizeLimitTest {
    private final MessageSizeLimit limit = new MessageSizeLimit(100);

    @Test
    void countsEveryFrameOfAMessage() {
        assertTrue(limit.admits(new Header(Kind.MESSAGE_START, 60, false)));
        assertTrue(limit.admits(new Header(Kind.CONTINUATION, 40, false)));
        assertFalse(limit.admits(new Header(Kind.CONTINUATION, 1, true)));
    }

    @Test
    void startsAgainWithEachMessage() {
        assertTrue(limit.admits(new Header(Kind.MESSAGE_START, 100, true)));
        assertTrue(limit.admits(new Header(Kind.MESSAGE_START, 100, true)));
        assertFalse(limit.admits(new Header(Kind.MESSAGE_START, 101, true)));
    }

    @Test
    void leavesControlFramesBetweenFragmentsOut() {
        assertTrue(limit.admits(new Header(Kind.MESSAGE_START, 90, false)));
        assertTrue(limit.admits(new Header(Kind.OTHER, 125, true)));
        assertTrue(limit.admits(new Header(Kind.CONTINUATION, 10, true)));
    }

    @Test
    void refusesALengthThatWouldOverflowASum() {
        assertTrue(limit.admits(new Header(Kind.MESSAGE_START, 50, false)));
        assertFalse(limit.admits(new Header(Kind.CONTINUATION, Long.MAX_VALUE, true)));
    }
}
