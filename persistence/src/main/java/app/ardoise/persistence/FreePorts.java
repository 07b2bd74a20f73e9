package app.ardoise.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports: picking unused ones, and checking one before a server is told to listen on it. */
public final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {
    }

    /** Where ports are looked for when the ephemeral range leaves room below it. */
    static final int LOWEST = 10_000;

    /**
     * {@code count} distinct ports that were free a moment ago, chosen below the kernel's ephemeral
     * range: a port from that range may become the local port of any outgoing connection between this
     * check and the bind of the process it is meant for (a test node once failed that way with
     * "Address already in use"). Falls back to ports the system hands out when there is no room below.
     */
    public static int[] pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            // All held open together, so no port is chosen twice.
            int span = ephemeralLow() - LOWEST;
            int start = span > 0 ? ThreadLocalRandom.current().nextInt(span) : 0;
            for (int i = 0; i < span && held.size() < count; i++) {
                ServerSocket socket = bindOrNull(LOWEST + (start + i) % span);
                if (socket != null) {
                    held.add(socket);
                }
            }
            while (held.size() < count) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    /**
     * A UDP port that was free a moment ago, below the ephemeral range for the same reason as {@link #pick}: ICE
     * agents (browsers, WebRTC peers) bind their UDP sockets to ports the system hands out from that range.
     */
    public static int udp() {
        int span = ephemeralLow() - LOWEST;
        int start = span > 0 ? ThreadLocalRandom.current().nextInt(span) : 0;
        for (int i = 0; i < span; i++) {
            try (DatagramSocket socket = new DatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), LOWEST + (start + i) % span))) {
                return socket.getLocalPort();
            } catch (SocketException taken) {
                // the next one
            }
        }
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot find a free loopback UDP port", e);
        }
    }

    /** The first port of the range the kernel picks local ports of outgoing connections from. */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: readString returned one byte of this procfs file here.
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default, where the file cannot be read
        }
    }

    private static ServerSocket bindOrNull(int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            return null;
        }
    }

    /** Whether something already listens on the port of 127.0.0.1 (or of every address). */
    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers themselves do: connections of a previous run lingering in TIME_WAIT do not count.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // The port was only borrowed to learn its number.
        }
    }
}
