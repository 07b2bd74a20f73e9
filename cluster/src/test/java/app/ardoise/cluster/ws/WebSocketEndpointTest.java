package app.ardoise.cluster.ws;

import static app.ardoise.cluster.ws.RawWebSocket.BINARY;
import static app.ardoise.cluster.ws.RawWebSocket.CLOSE;
import static app.ardoise.cluster.ws.RawWebSocket.FIN;
import static app.ardoise.cluster.ws.RawWebSocket.PING;
import static app.ardoise.cluster.ws.RawWebSocket.TEXT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6455 as the endpoint keeps it, frame by frame from a bare socket, against a real pekko-http server. */
class WebSocketEndpointTest {
    private static final int MASK = 0x5A3C_0F81;
    private static ActorSystem system;
    private static LoggedProblems logged;

    private final Queue<Message> received = new ConcurrentLinkedQueue<>();
    private TestServer server;

    @BeforeAll
    static void startSystem() {
        system = TestSystems.local("websocket-endpoint-test",
                "pekko.http.server.websocket.periodic-keep-alive-max-idle = 1s");
        logged = new LoggedProblems(system);
    }

    @AfterAll
    static void stopSystem() {
        system.terminate();
        Await.result(system.getWhenTerminated());
    }

    @AfterEach
    void stopServerAndCheckTheLog() {
        server.close();
        assertEquals(List.of(), logged.drain(), "warnings or errors were logged");
    }

    private RawWebSocket connect() throws Exception {
        server = TestServer.start(system, () -> ServerApps.mirror(received));
        return RawWebSocket.connect(server.port());
    }

    @Test
    void aFragmentedTextGoesUpWholeWithAPingAnsweredBetweenItsFragments() throws Exception {
        try (RawWebSocket client = connect()) {
            byte[] text = "Bonjour, la classe : été".getBytes(UTF_8);
            client.send(TEXT, slice(text, 0, 11), MASK);
            client.send(FIN | PING, "p".getBytes(UTF_8), 0x0102_0304);
            client.send(FIN, slice(text, 11, text.length), 0x7F00_FF11);

            RawWebSocket.Frame pong = client.readFrame();
            assertEquals(0xA, pong.opcode());
            assertArrayEquals("p".getBytes(UTF_8), pong.payload());
            RawWebSocket.Frame echo = client.readFrame();
            assertEquals(TEXT, echo.opcode());
            assertTrue(echo.fin(), "a message goes out as one frame");
            assertEquals("Bonjour, la classe : été", new String(echo.payload(), UTF_8));
            assertEquals(1, received.size());
            assertTrue(received.peek().isText() && received.peek().isStrict());
        }
    }

    @Test
    void aBinaryMessageIsUnmaskedAcrossItsFrames() throws Exception {
        try (RawWebSocket client = connect()) {
            byte[] data = new byte[1000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7);
            }
            client.send(BINARY, slice(data, 0, 301), MASK);
            client.send(FIN, slice(data, 301, data.length), 0x1122_3344);

            RawWebSocket.Frame echo = client.readFrame();
            assertEquals(BINARY, echo.opcode());
            assertArrayEquals(data, echo.payload());
        }
    }

    static Stream<Arguments> violations() {
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
        return Stream.of(
                Arguments.of("unmasked frame", FIN | BINARY, new byte[] {1}, null, 1002),
                Arguments.of("reserved bit", FIN | 0x40 | BINARY, new byte[] {1}, MASK, 1002),
                Arguments.of("unknown opcode", FIN | 0x3, new byte[] {1}, MASK, 1002),
                Arguments.of("continuation first", FIN, new byte[] {1}, MASK, 1002),
                Arguments.of("fragmented ping", PING, new byte[] {1}, MASK, 1002),
                Arguments.of("ping over 125 bytes", FIN | PING, new byte[126], MASK, 1002),
                Arguments.of("text not UTF-8", FIN | TEXT, invalidUtf8, MASK, 1007),
                Arguments.of("close with one byte", FIN | CLOSE, new byte[] {3}, MASK, 1002),
                Arguments.of("close with code 1005", FIN | CLOSE, new byte[] {0x03, (byte) 0xED}, MASK, 1002));
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("violations")
    void aFrameThatBreaksTheProtocolClosesTheConnection(String what, int firstByte, byte[] payload, Integer mask,
                                                        int expectedCode) throws Exception {
        try (RawWebSocket client = connect()) {
            client.send(firstByte, payload, mask);

            assertEquals(expectedCode, client.readCloseCode(), what);
            Await.result(server.nextConnection().terminated());
            assertEquals(List.of(), List.copyOf(received), "nothing of it reached the application");
        }
    }

    @Test
    void aNewMessageInsideAFragmentedOneIsAProtocolError() throws Exception {
        try (RawWebSocket client = connect()) {
            client.send(BINARY, new byte[] {1, 2}, MASK);
            client.send(FIN | BINARY, new byte[] {3}, MASK);

            assertEquals(1002, client.readCloseCode());
            assertEquals(List.of(), List.copyOf(received));
        }
    }

    @Test
    void aCloseWithNoCodeIsAnsweredAsNormal() throws Exception {
        try (RawWebSocket client = connect()) {
            client.send(FIN | CLOSE, new byte[0], MASK);

            assertEquals(1000, client.readCloseCode());
            Await.result(server.nextConnection().terminated());
        }
    }

    @Test
    void aFailingApplicationClosesWith1011AndTheLogSaysWhyButNotWhatWasSent() throws Exception {
        server = TestServer.start(system, () -> Flow.fromSinkAndSource(Sink.<Message>ignore(),
                Source.<Message>failed(new IllegalStateException("the session broke")).initialDelay(Duration.ofMillis(300))));
        try (RawWebSocket client = RawWebSocket.connect(server.port())) {
            client.send(FIN | BINARY, "private-chat-text".getBytes(UTF_8), MASK);

            assertEquals(1011, client.readCloseCode());
        }
        List<String> problems = logged.drain();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("1011"), problems.get(0));
        assertTrue(problems.get(0).contains("java.lang.IllegalStateException: the session broke"), problems.get(0));
        assertFalse(problems.get(0).contains("private-chat-text"), "never a frame's contents");
    }

    @Test
    void aQuietConnectionIsPinged() throws Exception {
        try (RawWebSocket client = connect()) {
            long start = System.nanoTime();
            RawWebSocket.Frame frame = client.readFrame();

            assertEquals(PING, frame.opcode());
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 400 && waitedMillis < 3_000, "pinged after " + waitedMillis + " ms");
        }
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }
}
