package app.ardoise.persistence.testing;

import app.ardoise.persistence.EmbeddedCassandra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * One Cassandra for several test JVMs at once: {@code SharedTestCassandra <dir>} starts it on free ports with its
 * data in {@code dir}, then writes its address to {@code dir/contact-point} and runs until killed. The cluster
 * module's build starts it before its tests, which run in several JVMs, and kills it when the build ends; each
 * JVM's {@link TestCassandra} reads the address from the file. One server instead of one per JVM spares each JVM's
 * start its Cassandra's (about 20 s of both cores), and the tests that run last find a server the earlier ones have
 * warmed, as they did when all ran in one JVM.
 */
public final class SharedTestCassandra {
    private static final String FILE = "contact-point";
    private static final String FAILED = "failed: ";
    private static final Duration WAIT = Duration.ofMinutes(3);

    private SharedTestCassandra() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path file = dir.resolve(FILE);
        Files.deleteIfExists(file);
        Path data = dir.resolve("data");
        TestCassandra.deleteQuietly(data); // a build that was not cleaned left the last run's
        EmbeddedCassandra cassandra;
        try {
            cassandra = EmbeddedCassandra.start(EmbeddedCassandra.Settings.onFreePorts(data));
        } catch (IllegalStateException e) {
            write(file, FAILED + e.getMessage());
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cassandra.close();
            TestCassandra.deleteQuietly(data);
        }, "stop-shared-test-cassandra"));
        write(file, cassandra.contactPoint());
        System.out.println("cassandra ready on " + cassandra.contactPoint());
        int code = cassandra.awaitExit();
        System.err.println("the shared test Cassandra stopped (exit code " + code + "); its log: " + cassandra.logFile());
        System.exit(1);
    }

    /**
     * The address in {@code file} once a server answers there; fails at once if it failed to start. An address
     * where nothing answers is the last build's, left in a directory that was not cleaned: the wait goes on.
     */
    static String await(Path file) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(file)) {
                    String content = Files.readString(file).strip();
                    if (content.startsWith(FAILED)) {
                        throw new IllegalStateException("the shared test Cassandra did not start: " + content);
                    }
                    if (answers(content)) {
                        return content;
                    }
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no shared test Cassandra wrote " + file + " within " + WAIT.toSeconds() + " s");
    }

    private static boolean answers(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whole or not at all: a reader never sees half an address. */
    private static void write(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(FILE + ".partial");
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
