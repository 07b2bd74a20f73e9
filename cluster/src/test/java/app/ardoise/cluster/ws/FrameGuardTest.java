package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import app.ardoise.cluster.ws.WireFrames.Header;
import app.ardoise.cluster.ws.WireFrames.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard alone, with stand-in frames: pekko-http's stack only ever emits whole frames, so a frame left
 * half written can only be staged here.
 */
class FrameGuardTest {
    private static ActorSystem system;

    @BeforeAll
    static void startSystem() {
        system = TestSystems.local("frame-guard-test");
    }

    @AfterAll
    static void stopSystem() {
        system.terminate();
        Await.result(system.getWhenTerminated());
    }

    @Test
    void neverWritesTheCloseFrameInsideAnOutgoingFrame() throws InterruptedException {
        Frame firstHalf = new Frame("first half", new Header(Kind.MESSAGE_START, 10, true), false);
        Flow<Frame, Frame, ?> stackThatStopsMidFrame =
                Flow.fromSinkAndSource(Sink.ignore(), Source.single(firstHalf).concat(Source.never()));
        WebSocketCloser closer = new WebSocketCloser();
        BlockingQueue<Frame> written = new LinkedBlockingQueue<>();

        CompletionStage<Done> end = Source.<Frame>never()
                .via(BidiFlow.fromGraph(new FrameGuard<>(new Frames(), 100, closer)).join(stackThatStopsMidFrame))
                .runWith(Sink.foreach(written::add), system);
        assertEquals(firstHalf, written.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        closer.close(4000, "bye");

        assertInstanceOf(TimeoutException.class, Await.failure(end));
        List<Frame> after = new ArrayList<>();
        written.drainTo(after);
        assertEquals(List.of(), after, "a close frame in the middle of a frame would corrupt the stream");
    }

    record Frame(String name, Header header, boolean endsFrame) {}

    private static final class Frames implements WireFrames<Frame> {
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
            return new Frame("close " + request.code(), new Header(Kind.CLOSE, 2, true), true);
        }
    }
}
