package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEventParser$;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.scaladsl.model.ws.BinaryMessage;
import org.apache.pekko.http.scaladsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.model.ws.TextMessage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes a client may send on an upgraded connection, through pekko-http's frame parser (as the server
 * runs it) into {@link WebSocketEndpoint} and so {@link FrameReader}, with an application that sends every
 * message back (bin/fuzz ws). The first input byte sets how the rest is cut into TCP reads, so that frames
 * also arrive split across reads.
 */
class WebSocketFuzzTest {
    /** Small, so that the fuzzer reaches the size limit with short inputs. */
    private static final int LIMIT = 300;
    private static ActorSystem system;
    private static Materializer materializer;

    @BeforeAll
    static void startSystem() {
        system = TestSystems.local("websocket-fuzz-test");
        materializer = Materializer.matFromSystem(system);
    }

    @AfterAll
    static void stopSystem() {
        system.terminate();
        Await.result(system.getWhenTerminated());
    }

    @FuzzTest
    void anyBytesFromTheClient(byte[] input) {
        Queue<Message> received = new ConcurrentLinkedQueue<>();
        Flow<FrameEvent, FrameEvent, ?> connection = BidiFlow.fromGraph(new WebSocketEndpoint(null))
                .join(Flow.<Message>create().map(message -> {
                    received.add(message);
                    return message;
                }))
                .addAttributes(Attributes.apply(new WebSocketEndpoint.Connection(LIMIT, new WebSocketCloser(), ConnectionWatch.NONE)));

        // The stream always ends by itself: the input runs out, which the endpoint takes as the peer's close.
        List<FrameEvent> sent = Await.result(Source.from(reads(input))
                .via(Flow.fromGraph(FrameEventParser$.MODULE$))
                .via(connection)
                .runWith(Sink.seq(), materializer)
                .toCompletableFuture());

        List<ByteString> messages = new ArrayList<>();
        for (Message message : received) {
            ByteString data = message instanceof BinaryMessage.Strict binary ? binary.data()
                    : ByteString.fromString(((TextMessage.Strict) message).text());
            assertTrue(data.size() <= LIMIT, "a message over the limit reached the application: " + data.size());
            messages.add(data);
        }
        assertServerFrames(sent, messages);
    }

    /**
     * What the server wrote: whole unmasked frames, the echoes in order (a close may cut them short), at most
     * one close and nothing after it.
     */
    private static void assertServerFrames(List<FrameEvent> sent, List<ByteString> messages) {
        int echoes = 0;
        boolean closed = false;
        for (FrameEvent event : sent) {
            FrameStart frame = assertInstanceOf(FrameStart.class, event, "the endpoint writes whole frames");
            assertTrue(frame.header().fin() && frame.lastPart(), "one frame per message");
            assertTrue(frame.header().mask().isEmpty(), "a server frame is never masked");
            assertFalse(closed, "a frame after the close frame: " + frame);
            int opcode = frame.header().opcode().code();
            switch (opcode) {
                case 0x1, 0x2 -> {
                    assertTrue(echoes < messages.size(), "an echo of no message");
                    assertEquals(messages.get(echoes++), frame.data(), "echoes in order");
                }
                case 0x8 -> {
                    closed = true;
                    assertTrue(frame.data().isEmpty() || frame.data().size() >= 2, "a close frame's code is two bytes");
                }
                case 0x9, 0xA -> assertTrue(frame.data().size() <= 125, "a control frame is at most 125 bytes");
                default -> throw new AssertionError("the server wrote opcode " + opcode);
            }
        }
    }

    /** The input after its first byte, cut into reads of 1 to 64 bytes as that byte says. */
    private static List<ByteString> reads(byte[] input) {
        if (input.length < 2) {
            return List.of();
        }
        int size = 1 + (input[0] & 0x3F);
        List<ByteString> reads = new ArrayList<>();
        for (int from = 1; from < input.length; from += size) {
            reads.add(ByteString.fromArray(Arrays.copyOfRange(input, from, Math.min(input.length, from + size))));
        }
        return reads;
    }
}
