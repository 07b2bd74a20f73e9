package app.ardoise.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-node Cassandra 5 for development and tests, run as a child JVM from the cassandra-all jars
 * so that Cassandra's Netty and Guava never meet the application's. It listens on 127.0.0.1 only,
 * keeps its data in {@link Settings#dataDir()} across restarts, and never outlives the JVM that
 * started it.
 */
public final class EmbeddedCassandra implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** Cassandra flushes its memtables when asked to stop; past this it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * Where and how to run Cassandra.
     *
     * @param heapMb the child's maximum heap
     * @param startTimeout how long {@link #start} waits for CQL to answer
     * @param jmxPort where nodetool reaches it (JMX, on 127.0.0.1 only), 0 for no JMX
     */
    public record Settings(Path dataDir, int cqlPort, int storagePort, int heapMb, Duration startTimeout, int jmxPort) {
        public static final int DEFAULT_HEAP_MB = 1024;
        public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

        public Settings {
            dataDir = dataDir.toAbsolutePath().normalize();
            requirePort(cqlPort);
            requirePort(storagePort);
            if (cqlPort == storagePort) {
                throw new IllegalArgumentException("the CQL and storage ports must differ: " + cqlPort);
            }
            if (heapMb <= 0) {
                throw new IllegalArgumentException("heapMb must be positive: " + heapMb);
            }
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
            }
            if (jmxPort != 0) {
                requirePort(jmxPort);
            }
        }

        public Settings(Path dataDir, int cqlPort, int storagePort) {
            this(dataDir, cqlPort, storagePort, DEFAULT_HEAP_MB, DEFAULT_START_TIMEOUT, 0);
        }

        /** Ports nobody uses right now, e.g. for a test's own Cassandra, JMX included. */
        public static Settings onFreePorts(Path dataDir) {
            int[] ports = FreePorts.pick(3);
            return new Settings(dataDir, ports[0], ports[1], DEFAULT_HEAP_MB, DEFAULT_START_TIMEOUT, ports[2]);
        }

        /** From an {@code ardoise.embedded-cassandra} block (ardoise-persistence.conf); its heap only when set. */
        public static Settings from(Config block) {
            Settings settings = new Settings(Path.of(block.getString("dir")), block.getInt("port"), block.getInt("storage-port"),
                    DEFAULT_HEAP_MB, DEFAULT_START_TIMEOUT, block.getInt("jmx-port"));
            return block.hasPath("heap-mb") ? settings.withHeapMb(block.getInt("heap-mb")) : settings;
        }

        public Settings withHeapMb(int heapMb) {
            return new Settings(dataDir, cqlPort, storagePort, heapMb, startTimeout, jmxPort);
        }

        public Settings withStartTimeout(Duration startTimeout) {
            return new Settings(dataDir, cqlPort, storagePort, heapMb, startTimeout, jmxPort);
        }

        private static void requirePort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
        }
    }

    private final Settings settings;
    private final DataDir dir;
    private final Process process;
    private final Thread shutdownHook;

    private EmbeddedCassandra(Settings settings, DataDir dir, Process process) {
        this.settings = settings;
        this.dir = dir;
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "stop-embedded-cassandra");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts Cassandra and returns once it answers CQL.
     *
     * @throws IllegalStateException if a port is taken, or Cassandra exits or stays silent past the
     *     start timeout; the message then ends with the last lines of Cassandra's log
     */
    public static EmbeddedCassandra start(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        // Checked before starting, not left to Cassandra: one that cannot bind its CQL port leaves that
        // port answering for whatever server holds it, which the probe below would take for this one.
        refuseTaken("CQL", settings.cqlPort());
        refuseTaken("storage", settings.storagePort());
        DataDir dir = new DataDir(settings.dataDir());
        dir.write(settings.cqlPort(), settings.storagePort());
        // stdin is left a pipe that nobody writes to: see ExitWithParent. The working directory is the
        // data directory so that whatever Cassandra writes to relative paths (heap dumps) stays there.
        ProcessBuilder builder = new ProcessBuilder(CassandraCommand.of(settings, dir))
                .directory(dir.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.log().toFile());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM for Cassandra: " + builder.command().get(0), e);
        }
        EmbeddedCassandra cassandra = new EmbeddedCassandra(settings, dir, process);
        try {
            String version = cassandra.awaitCql(started + settings.startTimeout().toNanos());
            log.info("Cassandra {} answered CQL on {} after {} ms (data in {}, log in {})", version,
                    cassandra.contactPoint(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    dir.root(), dir.log());
            return cassandra;
        } catch (RuntimeException e) {
            cassandra.close();
            throw e;
        }
    }

    public int cqlPort() {
        return settings.cqlPort();
    }

    /** {@code "127.0.0.1:port"}, as the driver's contact points want it. */
    public String contactPoint() {
        return "127.0.0.1:" + settings.cqlPort();
    }

    public Path dataDir() {
        return dir.root();
    }

    /**
     * Runs Cassandra's own nodetool against it (its JMX port must be set) and answers what it printed: the
     * operator's commands (docs/OPERATIONS.md), such as {@code snapshot} and {@code import}, tried for real.
     *
     * @throws IllegalStateException when nodetool fails, with what it printed
     */
    public String nodetool(String... arguments) {
        if (settings.jmxPort() == 0) {
            throw new IllegalStateException("this Cassandra was started without a JMX port: nodetool cannot reach it");
        }
        List<String> command = new ArrayList<>(CassandraCommand.nodetool(settings.jmxPort()));
        command.addAll(List.of(arguments));
        try {
            Process nodetool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(nodetool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!nodetool.waitFor(2, TimeUnit.MINUTES) || nodetool.exitValue() != 0) {
                nodetool.destroyForcibly();
                throw new IllegalStateException("nodetool " + String.join(" ", arguments) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run nodetool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while nodetool ran", e);
        }
    }

    /** Cassandra's output since its latest start. */
    public Path logFile() {
        return dir.log();
    }

    /** Blocks until Cassandra exits, by {@link #close()} or on its own, and returns its exit code. */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops Cassandra, letting it flush its memtables first. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to, and finds Cassandra already stopped.
        }
    }

    private synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Cassandra did not stop within {} s; killing it", STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(process.getOutputStream());
        }
    }

    /** Waits for a CQL handshake and a query, not only an open port: the port opens before queries work. */
    private String awaitCql(long deadlineNanos) {
        while (true) {
            if (!process.isAlive()) {
                throw failure("Cassandra exited with code " + process.exitValue() + " before it answered CQL");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw failure("Cassandra did not answer CQL on " + contactPoint() + " within "
                        + settings.startTimeout().toSeconds() + " s");
            }
            if (portOpen()) {
                try (CqlSession session = CqlSessions.open(contactPoint())) {
                    return session.execute("SELECT release_version FROM system.local").one().getString(0);
                } catch (RuntimeException notYet) {
                    log.debug("Cassandra's CQL port is open but a query failed; retrying", notYet);
                }
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Cassandra", e);
            }
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.cqlPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(what + "; last lines of " + dir.log() + ":" + System.lineSeparator()
                + LogTail.of(dir.log(), LOG_TAIL_LINES));
    }

    private static void refuseTaken(String which, int port) {
        if (FreePorts.inUse(port)) {
            throw new IllegalStateException("cannot start Cassandra: its " + which + " port " + port
                    + " on 127.0.0.1 is already in use (another Cassandra still running?)");
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // The child is gone; so is the pipe.
        }
    }
}
