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
 * exactly which frames arrived before the connection ended; send frames that break the protocol.
 */
final class RawWebSocket implements AutoCloseable {
    /** RFC 6455's first byte: the final-fragment bit, and the opcodes the tests send. */
    static final int FIN = 0x80;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;

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
        String response = upgrade(socket, port);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + response);
        }
        return new RawWebSocket(socket);
    }

    /** The WebSocket on a connection that {@link #upgrade} upgraded. */
    static RawWebSocket over(Socket socket) {
        return new RawWebSocket(socket);
    }

    /** Asks for a WebSocket with RFC 6455's sample key, and reads the response's head. */
    static String upgrade(Socket socket, int port) throws IOException {
        socket.getOutputStream().write(("GET /ws HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(US_ASCII));
        return readHead(socket.getInputStream());
    }

    /** One frame as it arrived (servers never mask). */
    record Frame(int opcode, boolean fin, byte[] payload) {
        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /**
     * Writes one frame exactly as given: {@code firstByte} holds FIN, the reserved bits and the opcode; the
     * payload is masked with {@code mask} unless it is null, which a client must never do.
     */
    void send(int firstByte, byte[] payload, Integer mask) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        int maskBit = mask == null ? 0 : 0x80;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        byte[] body = payload.clone();
        if (mask != null) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                frame.write(mask >>> shift);
            }
            for (int i = 0; i < body.length; i++) {
                body[i] ^= (byte) (mask >>> (24 - 8 * (i % 4)));
            }
        }
        frame.write(body);
        socket.getOutputStream().write(frame.toByteArray());
    }

    /** The next frame, or null once the server has closed the connection. */
    Frame readFrame() throws IOException {
        InputStream in = socket.getInputStream();
        int first = in.read();
        if (first < 0) {
            return null;
        }
        long length = readNumber(in, 1) & 0x7F;
        if (length == 126) {
            length = readNumber(in, 2);
        } else if (length == 127) {
            length = readNumber(in, 8);
        }
        return new Frame(first & 0x0F, (first & FIN) != 0, in.readNBytes((int) length));
    }

    /** The code of the server's close frame, reading past any other frame. */
    int readCloseCode() throws IOException {
        for (Frame frame = readFrame(); frame != null; frame = readFrame()) {
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
        }
        throw new EOFException("the connection ended with no close frame");
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

    static String readHead(InputStream in) throws IOException {
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
