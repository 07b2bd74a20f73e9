package app.ardoise.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback TCP ports: picking unused ones, and checking one before a server is told to listen on it. */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct ports that were free a moment ago. */
    public static int[] pick(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            // All held open together, so the system cannot hand out the same port twice.
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            }
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
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
