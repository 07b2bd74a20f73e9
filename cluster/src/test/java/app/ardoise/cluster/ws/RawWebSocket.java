package app.ardoise.cluster.ws;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client on a bare socket, for what the JDK client cannot do: stop reading altogether, then see
 * exactly which frames arrived before the connection ended.
 */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;

    private RawWebSocket(Socket socket) {
        this.socket = socket;
    }

    /** Connects with a small receive buffer, so that a client that does not read pushes back early. */
    static RawWebSocket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        socket.getOutputStream().write(("GET /ws HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(US_ASCII));
        String response = readHead(socket.getInputStream());
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + response);
        }
        return new RawWebSocket(socket);
    }

    /** What reached the client before the connection ended: the opcode of every frame begun, and how it ended. */
    record Received(List<Integer> opcodes, boolean reset) {}

    /** Reads until the server ends the connection, by closing it or resetting it. */
    Received readUntilEnd() throws IOException {
        InputStream in = socket.getInputStream();
        List<Integer> opcodes = new ArrayList<>();
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return new Received(opcodes, false);
                }
                opcodes.add(first & 0x0F);
                long length = readNumber(in, 1) & 0x7F;
                if (length == 126) {
                    length = readNumber(in, 2);
                } else if (length == 127) {
                    length = readNumber(in, 8);
                }
                in.skipNBytes(length);
            }
        } catch (EOFException endedMidFrame) {
            return new Received(opcodes, false);
        } catch (SocketException reset) {
            return new Received(opcodes, true);
        }
    }

    private static long readNumber(InputStream in, int bytes) throws IOException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException();
            }
            value = (value << 8) | next;
        }
        return value;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(next);
        }
        return head.toString(US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
