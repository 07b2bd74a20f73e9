package app.ardoise.cluster.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Carries TCP connections from an address of the test JVM to a server on its loopback: the shared test
 * Cassandra listens on 127.0.0.1 only, which the nodes in their own namespaces ({@link NodeNetwork}) cannot see.
 */
public final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final String target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TcpForwarder(ServerSocket server, String target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code address} (a free port) and forwards each connection to {@code target}, "host:port". */
    public static TcpForwarder start(String address, String target) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            TcpForwarder forwarder = new TcpForwarder(server, target);
            daemon("forward-" + target, forwarder::accept);
            return forwarder;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + address, e);
        }
    }

    /** "host:port" to give the nodes. */
    public String contactPoint() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void accept() {
        String[] hostPort = target.split(":");
        while (!server.isClosed()) {
            try {
                Socket inside = server.accept();
                Socket outside = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                inside.setTcpNoDelay(true);
                outside.setTcpNoDelay(true);
                open.add(inside);
                open.add(outside);
                pipe(inside, outside);
                pipe(outside, inside);
            } catch (IOException e) {
                // Closed, or the target refused one connection: the driver connects again.
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        daemon("pipe-" + target, () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side closed: close the other below.
            }
            closeQuietly(from);
            closeQuietly(to);
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(TcpForwarder::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }
}
