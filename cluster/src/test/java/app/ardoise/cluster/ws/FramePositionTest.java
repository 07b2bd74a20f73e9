package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.ws.FrameGuardTest.Frame;
import app.ardoise.cluster.ws.WireFrames.Header;
import app.ardoise.cluster.ws.WireFrames.Kind;
import org.junit.jupiter.api.Test;

class FramePositionTest {
    private final FramePosition<Frame> position = new FramePosition<>(new WireFrames<>() {
        @Override
        public Header header(Frame event) {
            return event.header();
        }

        @Override
        public boolean endsFrame(Frame event) {
            return event.endsFrame();
        }

        @Override
        public Frame closeFrame(CloseRequest request) {
            throw new UnsupportedOperationException();
        }
    });

    @Test
    void followsAFrameWhosePayloadComesInParts() {
        position.passed(new Frame("start", new Header(Kind.MESSAGE_START, 10, true), false));
        assertTrue(position.insideFrame());
        assertTrue(position.insideMessage());
        position.passed(new Frame("rest", null, true));
        assertFalse(position.insideFrame());
        assertFalse(position.insideMessage());
    }

    @Test
    void staysInsideAMessageAcrossItsFragmentsAndControlFramesBetween() {
        position.passed(new Frame("first", new Header(Kind.MESSAGE_START, 10, false), true));
        assertTrue(position.insideMessage());
        position.passed(new Frame("ping", new Header(Kind.OTHER, 0, true), true));
        assertTrue(position.insideMessage());
        position.passed(new Frame("last", new Header(Kind.CONTINUATION, 10, true), true));
        assertFalse(position.insideMessage());
    }

    @Test
    void aHalfPassedControlFrameIsNotInsideAMessage() {
        position.passed(new Frame("ping start", new Header(Kind.OTHER, 10, true), false));
        assertTrue(position.insideFrame());
        assertFalse(position.insideMessage());
    }
}
