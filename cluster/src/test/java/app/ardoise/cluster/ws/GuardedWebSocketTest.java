package app.ardoise.cluster.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real pekko-http server and the JDK's WebSocket client, over loopback. */
class GuardedWebSocketTest {
    private static final int LIMIT = TestServer.LIMIT;
    private static ActorSystem system;
    private static LoggedProblems logged;

    private final Queue<Integer> receivedSizes = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Throwable> unreadable = new LinkedBlockingQueue<>();
    private TestServer server;

    @BeforeAll
    static void startSystem() {
        system = TestSystems.local("guarded-websocket-test");
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

    private TestServer echoServer() {
        server = TestServer.start(system, () -> ServerApps.echo(system, receivedSizes, unreadable));
        return server;
    }

    @Test
    void echoesMessagesUpToTheLimitAndAnswersPings() throws Exception {
        TestClient client = TestClient.connect(echoServer().uri());
        TestServer.Connection connection = server.nextConnection();

        byte[] small = bytes(1000);
        client.sendBinary(small);
        assertArrayEquals(small, client.nextBinary());

        byte[] atLimit = bytes(LIMIT);
        client.sendBinary(atLimit);
        assertArrayEquals(atLimit, client.nextBinary());
        client.sendFragmented(atLimit, 10 * 1024);
        assertArrayEquals(atLimit, client.nextBinary());

        client.sendPing(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, client.nextPong());

        client.sendClose(1000, "done");
        assertEquals(1000, client.awaitClose().code());
        Await.result(connection.terminated());
        assertEquals(List.of(1000, LIMIT, LIMIT), List.copyOf(receivedSizes));
    }

    @Test
    void closesWith1009OnAMessageOverTheLimitInOneFrame() throws Exception {
        TestClient client = TestClient.connect(echoServer().uri());
        TestServer.Connection connection = server.nextConnection();
        client.sendBinary(bytes(10));
        client.nextBinary();

        client.sendBinary(bytes(70 * 1024));

        assertEquals(new TestClient.Closed(1009, "message over 65536 bytes"), client.awaitClose());
        // The message never reached the flow: its inbound simply ended, with no message begun.
        Await.result(connection.terminated());
        assertEquals(List.of(10), List.copyOf(receivedSizes));
        assertEquals(List.of(), List.copyOf(unreadable));
    }

    @Test
    void closesWith1009OnAFragmentedMessageOverTheLimit() throws Exception {
        TestClient client = TestClient.connect(echoServer().uri());
        TestServer.Connection connection = server.nextConnection();
        client.sendBinary(bytes(10));
        client.nextBinary();

        // Seven 10 KiB frames: the seventh takes the message over the limit.
        client.sendFragmented(bytes(70 * 1024), 10 * 1024);

        assertEquals(new TestClient.Closed(1009, "message over 65536 bytes"), client.awaitClose());
        // Messages go up whole or not at all: the application saw none of the first six fragments.
        Await.result(connection.terminated());
        assertEquals(List.of(10), List.copyOf(receivedSizes));
        assertEquals(List.of(), List.copyOf(unreadable));
    }

    @Test
    void closesWithAnApplicationCodeFromAnotherThread() throws Exception {
        TestClient client = TestClient.connect(echoServer().uri());
        TestServer.Connection connection = server.nextConnection();
        client.sendBinary(bytes(10));
        client.nextBinary();

        Await.result(CompletableFuture.runAsync(() -> connection.closer().close(4008, "too slow")));

        assertEquals(new TestClient.Closed(4008, "too slow"), client.awaitClose());
        Await.result(connection.terminated());
    }

    @Test
    void appliesACloseAskedForBeforeTheStreamStarts() throws Exception {
        server = TestServer.start(system, () -> ServerApps.echo(system, receivedSizes, unreadable),
                closer -> closer.close(4001, "early"));
        TestClient client = TestClient.connect(server.uri());

        assertEquals(new TestClient.Closed(4001, "early"), client.awaitClose());
        Await.result(server.nextConnection().terminated());
    }

    @Test
    void aClientThatClosesNormallyEndsTheFlowCleanly() throws Exception {
        TestClient client = TestClient.connect(echoServer().uri());
        TestServer.Connection connection = server.nextConnection();
        client.sendBinary(bytes(10));
        client.nextBinary();

        client.sendClose(1000, "bye");

        // The endpoint answers the handshake, echoing the code and reason.
        assertEquals(new TestClient.Closed(1000, "bye"), client.awaitClose());
        Await.result(connection.terminated());
        connection.closer().close(4008, "too late"); // a close after the end is harmless
    }

    @Test
    void aClientThatDisappearsEndsTheFlowCleanly() throws Exception {
        TestClient client = TestClient.connect(echoServer().uri());
        TestServer.Connection connection = server.nextConnection();
        client.sendBinary(bytes(10));
        client.nextBinary();

        client.abort();

        Await.result(connection.terminated().handle((done, failure) -> null)); // ended, however it ended
    }

    @Test
    void tearsTheConnectionDownWhenThePeerReadsNothing() throws Exception {
        AtomicLong sent = new AtomicLong();
        server = TestServer.start(system, () -> ServerApps.flood(sent));
        try (RawWebSocket client = RawWebSocket.connect(server.port())) {
            TestServer.Connection connection = server.nextConnection();
            awaitStalled(sent);

            long start = System.nanoTime();
            connection.closer().close(4008, "too slow");
            Await.result(connection.terminated());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(WebSocketEndpoint.WRITE_CLOSE_TIMEOUT.minusMillis(200)) >= 0,
                    "ended after " + took + ", before the close frame could have been given up on");
            RawWebSocket.Received received = client.readUntilEnd();
            // A reset, not an orderly close that would have waited for the client to read everything first.
            assertTrue(received.reset(), "the connection was closed, not reset, after " + received.opcodes());
            assertFalse(received.opcodes().contains(0x8), "no close frame can have been written");
        }
    }

    /** Waits until the flood stops because nothing more fits between server and client. */
    private static void awaitStalled(AtomicLong sent) throws InterruptedException {
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        long seen = -1;
        while (sent.get() != seen) {
            assertTrue(System.nanoTime() < deadline, "the flood never stalled");
            seen = sent.get();
            Thread.sleep(500); // no event says "backpressured": a count that stops moving is the sign
        }
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
