package app.ardoise.cluster.ws;

import static app.ardoise.cluster.ws.RawWebSocket.FIN;
import static app.ardoise.cluster.ws.RawWebSocket.TEXT;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection goes from pekko-http's server to the WebSocket at the 101, with nothing lost on the way: HTTP
 * requests before the upgrade on the same connection are served as usual, the handshake's answer is RFC 6455's,
 * and the first frame after it reaches the application. HTTP connections keep pekko-http's idle timeout.
 */
class ConnectionSwitchTest {
    private static final int MASK = 0x1F2E_3D4C;
    /** Long enough for the first test's exchanges on a loaded machine: each byte starts it again. */
    private static final long IDLE_TIMEOUT_MILLIS = 3_000;
    private static ActorSystem system;
    private static LoggedProblems logged;

    private final Queue<Message> received = new ConcurrentLinkedQueue<>();
    private TestServer server;

    @BeforeAll
    static void startSystem() {
        system = TestSystems.local("connection-switch-test",
                "pekko.http.server.idle-timeout = " + IDLE_TIMEOUT_MILLIS + "ms");
        logged = new LoggedProblems(system);
    }

    @AfterAll
    static void stopSystem() {
        system.terminate();
        Await.result(system.getWhenTerminated());
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(system, () -> ServerApps.mirror(received));
    }

    @AfterEach
    void stopServerAndCheckTheLog() {
        server.close();
        assertEquals(List.of(), logged.drain(), "warnings or errors were logged");
    }

    @Test
    void requestsBeforeTheUpgradeAreServedOnTheSameConnectionThenItIsAWebSocket() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write(("GET /plain HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(US_ASCII));
                String head = RawWebSocket.readHead(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 400 "), head);
                assertEquals("expected a WebSocket upgrade", new String(body(socket.getInputStream(), head), UTF_8));
            }

            String upgrade = RawWebSocket.upgrade(socket, server.port());
            assertTrue(upgrade.startsWith("HTTP/1.1 101 "), upgrade);
            // RFC 6455, 1.3: the answer to its sample key.
            assertTrue(upgrade.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), upgrade);
            assertTrue(upgrade.toLowerCase().contains("\r\nupgrade: websocket\r\n"), upgrade);
            assertTrue(upgrade.toLowerCase().contains("\r\nconnection: upgrade\r\n"), upgrade);

            RawWebSocket webSocket = RawWebSocket.over(socket);
            byte[] text = "après le 101".getBytes(UTF_8);
            webSocket.send(FIN | TEXT, text, MASK);
            RawWebSocket.Frame echo = webSocket.readFrame();
            assertEquals(TEXT, echo.opcode());
            assertArrayEquals(text, echo.payload());
            assertEquals(1, received.size());
        }
    }

    @Test
    void aQuietHttpConnectionIsClosedAfterTheServersIdleTimeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            long start = System.nanoTime();
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, read);
            assertTrue(waitedMillis >= IDLE_TIMEOUT_MILLIS - 100, "closed after " + waitedMillis + " ms");
        }
    }

    private static byte[] body(InputStream in, String head) throws Exception {
        int length = head.lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring("content-length:".length()).trim()))
                .findFirst()
                .orElseThrow();
        return in.readNBytes(length);
    }
}
