package app.ardoise.bench;

import app.ardoise.protocol.v1.ServerFrame;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Delivery latency, deliveries, errors and server-side closes of one load run, counted only inside the
 * measured window, and the report printed at its end.
 */
final class Measurement {
    private final Recorder latency = new Recorder(3);
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final ServerProbe server;
    private long heapBeforeJoins;
    private long heapAfterJoins;
    private long rssIdle;

    /** {@code --server-pid}: the server's figures are read when it runs on this machine. */
    Measurement(Options options) {
        this.server = new ServerProbe(options.integer("server-pid", 0));
    }

    /** One delivery of something sent at {@code sentNanos} (System.nanoTime of this process). */
    void delivered(long sentNanos) {
        if (measuring.get()) {
            latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1_000));
            deliveries.incrementAndGet();
        }
    }

    void error() {
        errors.incrementAndGet();
    }

    void closedByServer() {
        closed.incrementAndGet();
    }

    /**
     * Joins the fleet ({@code --http-clients} transports), reading the server's heap before and after:
     * the idle figures, taken before anyone sends.
     */
    Fleet join(Options options, int rooms, int perRoom, Consumer<ServerFrame> onFrame) throws Exception {
        heapBeforeJoins = server.present() ? server.liveHeapBytes() : 0;
        Fleet fleet = Fleet.join(RoomApi.from(options), rooms, perRoom, options.integer("http-clients", 4), onFrame,
                this::closedByServer, this::error);
        heapAfterJoins = server.present() ? server.liveHeapBytes() : 0;
        rssIdle = server.present() ? server.rssBytes() : 0;
        return fleet;
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
        latency.reset();
        long start = System.nanoTime();
        measuring.set(true);
        TimeUnit.SECONDS.sleep(duration);
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = server.present() ? (server.cpuSeconds() - cpuBefore) / seconds : 0;
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
        System.out.printf(Locale.ROOT, "deliveries: %.0f/s; errors: %d; connections closed by the server: %d%n",
                deliveries.get() / seconds, errors.get(), closedBeforeTheEnd);
        if (server.present()) {
            System.out.printf(Locale.ROOT, "server: %.0f%% of one core; RSS idle %d MiB, loaded %d MiB; "
                            + "live heap per idle connection %.1f KiB%n",
                    cpu * 100, rssIdle >> 20, rssLoaded >> 20,
                    (heapAfterJoins - heapBeforeJoins) / 1024.0 / Math.max(1, fleet.connected));
        }
        senders.shutdownNow();
        fleet.close();
        return errors.get() == 0 ? 0 : 1;
    }
}
