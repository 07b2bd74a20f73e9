package app.ardoise.persistence.testing;

import app.ardoise.persistence.CqlSessions;
import app.ardoise.persistence.EmbeddedCassandra;
import com.datastax.oss.driver.api.core.CqlSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Cassandra that a test JVM's tests share. With ARDOISE_TEST_CASSANDRA ({@code host:port}) set, it is
 * that server. With the system property {@value #SHARED_FILE_PROPERTY} set, it is the one a
 * {@link SharedTestCassandra} started for several test JVMs, whose address it waits for in that file (the
 * cluster module's build starts one for its test JVMs). Otherwise an {@link EmbeddedCassandra} that the
 * first caller starts on free ports in a temporary directory, and that stops, directory deleted, when the
 * JVM exits. Tests keep apart by using their own keyspaces.
 */
public final class TestCassandra {
    public static final String SERVER_VARIABLE = "ARDOISE_TEST_CASSANDRA";
    public static final String SHARED_FILE_PROPERTY = "ardoise.test.cassandra.file";

    private static TestCassandra shared;
    /** A Cassandra that failed to start fails every test that needs it at once, not after another wait. */
    private static IllegalStateException failure;

    private final String contactPoint;

    private TestCassandra(String contactPoint) {
        this.contactPoint = contactPoint;
    }

    public static synchronized TestCassandra shared() {
        if (failure != null) {
            throw new IllegalStateException("the test Cassandra failed to start", failure);
        }
        if (shared == null) {
            String server = System.getenv(SERVER_VARIABLE);
            String sharedFile = System.getProperty(SHARED_FILE_PROPERTY, "");
            try {
                shared = new TestCassandra(server != null && !server.isBlank() ? server.strip()
                        : !sharedFile.isBlank() ? SharedTestCassandra.await(Path.of(sharedFile))
                        : startEmbedded());
            } catch (IllegalStateException e) {
                failure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * A keyspace name no other test uses, naming the calling test class to make leftovers readable;
     * nothing creates it until a test or the journal does.
     */
    public static String freshKeyspace() {
        String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
        String name = caller.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        // Keyspace names stop at 48 characters; the random part keeps runs against one server apart.
        return "t_" + name.substring(0, Math.min(name.length(), 28)) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** {@code "host:port"}, e.g. for {@code CassandraSettings.overlay}. */
    public String contactPoint() {
        return contactPoint;
    }

    /** A driver session of the test's own, to close after use. */
    public CqlSession openSession() {
        return CqlSessions.open(contactPoint);
    }

    private static String startEmbedded() {
        Path dir;
        try {
            dir = Files.createTempDirectory("ardoise-test-cassandra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedCassandra cassandra = EmbeddedCassandra.start(EmbeddedCassandra.Settings.onFreePorts(dir));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cassandra.close();
            deleteQuietly(dir);
        }, "delete-test-cassandra"));
        return cassandra.contactPoint();
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is no reason to fail a test run.
        }
    }
}
