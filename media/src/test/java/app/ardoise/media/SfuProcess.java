package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.persistence.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real SFU (media/sfu/bin/ardoise-sfu) as a child process on loopback ports of its own:
 * gRPC and metrics on free TCP ports, media on a free UDP port. It can be killed and started
 * again on the same ports, as an SFU restart looks to the bridge.
 */
public final class SfuProcess implements AutoCloseable {

    private static final int PORT_ATTEMPTS = 3;

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path binary;
    private final int grpcPort;
    private final int metricsPort;
    private final int udpPort;
    private final Path log;
    private Process process;

    private SfuProcess(Path binary, int grpcPort, int metricsPort, int udpPort, Path log) {
        this.binary = binary;
        this.grpcPort = grpcPort;
        this.metricsPort = metricsPort;
        this.udpPort = udpPort;
        this.log = log;
    }

    /**
     * Ports are picked free, below the range outgoing connections and ICE agents draw from, and
     * then handed to the SFU, so another process may still bind one in between: such a start is
     * tried again on other ports; any other failure fails at once.
     */
    public static SfuProcess start() {
        for (int attempt = 1; ; attempt++) {
            int[] tcp = FreePorts.pick(2);
            SfuProcess sfu =
                    new SfuProcess(binary(), tcp[0], tcp[1], FreePorts.udp(), Path.of("target", "sfu-" + tcp[0] + ".log"));
            String failure = sfu.launch();
            if (failure == null) {
                return sfu;
            }
            if (attempt == PORT_ATTEMPTS || !sfu.logSays("address already in use")) {
                fail(failure);
            }
        }
    }

    /** host:port of the gRPC endpoint, for {@link MediaSettings#sfuTarget}. */
    public String target() {
        return "127.0.0.1:" + grpcPort;
    }

    /** Starts the process (again, after {@link #kill}) on the same ports and waits until it serves. */
    public void startAgain() {
        String failure = launch();
        if (failure != null) {
            fail(failure);
        }
    }

    /** Starts the process and waits until it serves: null then, else why not. */
    private String launch() {
        try {
            Files.createDirectories(log.getParent());
            process =
                    new ProcessBuilder(
                                    List.of(
                                            binary.toString(),
                                            "-grpc-addr", target(),
                                            "-metrics-addr", "127.0.0.1:" + metricsPort,
                                            "-udp-addr", "127.0.0.1:" + udpPort,
                                            "-log-level", "debug"))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "the SFU exited with " + process.exitValue() + " at start; see " + log.toAbsolutePath();
            }
            // /healthz answers once the gRPC port is bound as well (main.go binds it first).
            if (get("/healthz").isPresent()) {
                return null;
            }
            sleep(50);
        }
        return "the SFU did not serve /healthz within 20 s; see " + log.toAbsolutePath();
    }

    private boolean logSays(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: the SFU vanishes without a goodbye, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of an unlabelled gauge or counter of the SFU's /metrics. */
    public double metric(String name) {
        String body = get("/metrics").orElseThrow(() -> new AssertionError("the SFU's /metrics does not answer"));
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name + " in the SFU's /metrics");
    }

    /** A labelled counter such as {@code sfu_signal_requests_total{payload="description"}}: 0 until first counted. */
    public double counter(String series) {
        String body = get("/metrics").orElseThrow(() -> new AssertionError("the SFU's /metrics does not answer"));
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    /** Waits until a metric has the value, failing with the last one seen. */
    public void awaitMetric(String name, double expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        double seen;
        do {
            seen = metric(name);
            if (seen == expected) {
                return;
            }
            sleep(25);
        } while (System.nanoTime() < deadline);
        fail(name + " stayed " + seen + ", expected " + expected + " within " + within);
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: the SFU's graceful stop
        try {
            if (!process.waitFor(8, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private java.util.Optional<String> get(String path) {
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? java.util.Optional.of(r.body()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /**
     * The binary bin/test builds before Maven runs; built here with media/sfu/build when it is
     * missing and Go is at hand, so that the module's tests also run alone.
     */
    private static synchronized Path binary() {
        Path bin = Path.of(System.getProperty("ardoise.sfu.binary", "sfu/bin/ardoise-sfu")).toAbsolutePath();
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Path build = bin.getParent().getParent().resolve("build");
        try {
            Process p =
                    new ProcessBuilder(build.toString()).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                fail("media/sfu/build failed; the SFU is needed by these tests");
            }
        } catch (IOException e) {
            fail(
                    "The SFU binary " + bin + " is missing and media/sfu/build could not run (" + e.getMessage()
                            + "). Install Go 1.26+ and run media/sfu/build, or bin/test, which builds it.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while building the SFU");
        }
        if (!Files.isExecutable(bin)) {
            fail("media/sfu/build did not produce " + bin);
        }
        return bin;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
