package app.ardoise.bench;

import app.ardoise.protocol.v1.ServerFrame;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Delivery latency, deliveries, errors and server-side closes of one load run, counted only inside the
 * measured window, and the report printed at its end.
 */
final class Measurement {
    private final Recorder latency = new Recorder(3);
    /** The same deliveries apart: to the others, and each author's own echo (whiteboard: written, durable). */
    private final Recorder toOthers = new Recorder(3);
    private final Recorder echoes = new Recorder(3);
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, LongAdder> errorCodes = new ConcurrentSkipListMap<>();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final ServerProbe server;
    /** The server's store (Ardoise's embedded Cassandra, a process of its own) when --store-pid names it. */
    private final ServerProbe store;
    private long heapBeforeJoins;
    private long heapAfterJoins;
    private long rssIdle;
    private double offeredPerSecond;

    /** {@code --server-pid}: the server's figures are read when it runs on this machine. */
    Measurement(Options options) {
        this.server = new ServerProbe(options.integer("server-pid", 0));
        this.store = new ServerProbe(options.integer("store-pid", 0));
    }

    /** One delivery of something sent at {@code sentNanos} (System.nanoTime of this process). */
    void delivered(long sentNanos) {
        if (measuring.get()) {
            latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1_000));
            deliveries.incrementAndGet();
        }
    }

    /** As {@link #delivered(long)}, told apart as a delivery to its author (an echo) or to someone else. */
    void delivered(long sentNanos, boolean echo) {
        if (measuring.get()) {
            (echo ? echoes : toOthers).recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1_000));
            delivered(sentNanos);
        }
    }

    void error() {
        errors.incrementAndGet();
    }

    /** An Error frame: counted, and by code, so that a report tells rate limits from refusals. */
    void error(String code) {
        errors.incrementAndGet();
        errorCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void closedByServer() {
        closed.incrementAndGet();
    }

    long closedCount() {
        return closed.get();
    }

    /**
     * Joins the fleet ({@code --http-clients} transports), reading the server's heap before and after:
     * the idle figures, taken before anyone sends.
     */
    Fleet join(Options options, int rooms, int perRoom, Consumer<ServerFrame> onFrame) throws Exception {
        return join(options, rooms, perRoom, 1, onFrame);
    }

    /** As above, the first {@code teachers} participants of each class joining as teachers. */
    Fleet join(Options options, int rooms, int perRoom, int teachers, Consumer<ServerFrame> onFrame)
            throws Exception {
        return join(options, rooms, perRoom, teachers, () -> onFrame);
    }

    /** As above, each client with a reader of its own from {@code readers}, for what depends on who receives it. */
    Fleet join(Options options, int rooms, int perRoom, int teachers, Supplier<Consumer<ServerFrame>> readers)
            throws Exception {
        heapBeforeJoins = server.present() ? server.liveHeapBytes() : 0;
        // --written-marks off: every client gets each written event whole, as before marks (WhiteboardLoad's before/after).
        boolean writtenMarks = !options.string("written-marks", "on").equals("off");
        Fleet fleet = Fleet.join(RoomApi.from(options), rooms, perRoom, teachers, options.integer("http-clients", 4),
                readers, writtenMarks, this::closedByServer, this::error);
        heapAfterJoins = server.present() ? server.liveHeapBytes() : 0;
        rssIdle = server.present() ? server.rssBytes() : 0;
        return fleet;
    }

    /** Deliveries a second the senders offer, printed beside those seen, so a saturated server shows. */
    void offered(double perSecond) {
        offeredPerSecond = perSecond;
    }

    /** Live heap the joined connections added, per connection (0 when the server is not on this machine). */
    double heapPerConnectionBytes(long connections) {
        return (heapAfterJoins - heapBeforeJoins) / (double) Math.max(1, connections);
    }

    /**
     * Sleeps through the warm-up, then measures for {@code duration} seconds and prints what was seen,
     * with the server's figures when it runs on this machine; then stops the senders and the clients.
     *
     * @return the process exit code: 0 when no error was seen
     */
    int run(Fleet fleet, ScheduledExecutorService senders, String options, int warmup, int duration)
            throws Exception {
        TimeUnit.SECONDS.sleep(warmup);
        double cpuBefore = server.present() ? server.cpuSeconds() : 0;
        double selfBefore = ownCpuSeconds();
        double storeBefore = store.present() ? store.cpuSeconds() : 0;
        latency.reset();
        toOthers.reset();
        echoes.reset();
        long start = System.nanoTime();
        measuring.set(true);
        TimeUnit.SECONDS.sleep(duration);
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = server.present() ? (server.cpuSeconds() - cpuBefore) / seconds : 0;
        double selfCpu = (ownCpuSeconds() - selfBefore) / seconds;
        double storeCpu = store.present() ? (store.cpuSeconds() - storeBefore) / seconds : 0;
        long rssLoaded = server.present() ? server.rssBytes() : 0;
        Histogram lat = latency.getIntervalHistogram();
        long closedBeforeTheEnd = closed.get();

        System.out.println();
        System.out.println("options: " + options + " warmup=" + warmup + "s duration=" + duration + "s");
        System.out.printf(Locale.ROOT, "connected: %d of %d in %.1f s; join p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                fleet.connected, fleet.clients.size(), fleet.rampSeconds,
                fleet.joinTimes.getValueAtPercentile(50) / 1e3, fleet.joinTimes.getValueAtPercentile(99) / 1e3,
                fleet.joinTimes.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "delivery latency: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)%n",
                lat.getValueAtPercentile(50) / 1e3, lat.getValueAtPercentile(95) / 1e3,
                lat.getValueAtPercentile(99) / 1e3, lat.getMaxValue() / 1e3, lat.getTotalCount());
        Histogram others = toOthers.getIntervalHistogram();
        Histogram echo = echoes.getIntervalHistogram();
        if (echo.getTotalCount() > 0) {
            System.out.printf(Locale.ROOT, "of which to the others: p50 %.2f ms, p99 %.2f ms (%d); authors' echoes: p50 %.2f ms, "
                            + "p99 %.2f ms (%d)%n", others.getValueAtPercentile(50) / 1e3, others.getValueAtPercentile(99) / 1e3,
                    others.getTotalCount(), echo.getValueAtPercentile(50) / 1e3, echo.getValueAtPercentile(99) / 1e3,
                    echo.getTotalCount());
        }
        System.out.printf(Locale.ROOT, "deliveries: %.0f/s (offered %.0f/s); errors: %d; connections closed by the server: %d%n",
                deliveries.get() / seconds, offeredPerSecond, errors.get(), closedBeforeTheEnd);
        if (!errorCodes.isEmpty()) {
            System.out.println("errors by code: " + errorCodes);
        }
        // A generator short of CPU would show as a slow server: its own use tells them apart.
        System.out.printf(Locale.ROOT, "load generator: %.0f%% of one core%n", selfCpu * 100);
        if (server.present()) {
            System.out.printf(Locale.ROOT, "server: %.0f%% of one core; RSS idle %d MiB, loaded %d MiB; "
                            + "live heap per idle connection %.1f KiB%n",
                    cpu * 100, rssIdle >> 20, rssLoaded >> 20, heapPerConnectionBytes(fleet.connected) / 1024);
        }
        if (store.present()) {
            System.out.printf(Locale.ROOT, "store (Cassandra): %.0f%% of one core; RSS %d MiB%n", storeCpu * 100,
                    store.rssBytes() >> 20);
        }
        // One line for bench/compare's table; the Node load clients of the peers print the same keys.
        System.out.printf(Locale.ROOT, "result: connected=%d/%d deliveries_per_s=%.0f offered_per_s=%.0f p50_ms=%.2f "
                        + "p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d closed=%d server_cpu_pct=%.0f rss_mib=%d "
                        + "load_cpu_pct=%.0f store_cpu_pct=%.0f%n",
                fleet.connected, fleet.clients.size(), deliveries.get() / seconds, offeredPerSecond,
                lat.getValueAtPercentile(50) / 1e3, lat.getValueAtPercentile(95) / 1e3,
                lat.getValueAtPercentile(99) / 1e3, lat.getMaxValue() / 1e3, errors.get(), closedBeforeTheEnd,
                cpu * 100, rssLoaded >> 20, selfCpu * 100, storeCpu * 100);
        senders.shutdownNow();
        fleet.close();
        return errors.get() == 0 ? 0 : 1;
    }

    static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
