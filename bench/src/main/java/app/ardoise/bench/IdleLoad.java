package app.ardoise.bench;

import app.ardoise.protocol.v1.ServerFrame;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle connections: {@code --connections} N participants (10,000) in classes of {@code --per-room} (30,
 * the first a teacher) join, then hold for {@code --hold} seconds (60) sending nothing. Reports the
 * server's live heap per connection (jcmd GC.run then GC.heap_info, before the joins and after them:
 * the connection, its session and its share of the class), the connections one GiB of heap holds at
 * that rate, RSS per connection (heap, thread stacks and the network buffers together), the server's
 * CPU while idle, and how many connections were still up at the end. {@code --histogram N} adds the N
 * classes whose live bytes grew most, per connection.
 */
public final class IdleLoad {
    private final AtomicLong errors = new AtomicLong();

    public static void main(String[] args) throws Exception {
        System.exit(new IdleLoad().run(Options.parse(args)));
    }

    private int run(Options options) throws Exception {
        int connections = options.integer("connections", 10_000);
        int perRoom = options.integer("per-room", 30);
        int hold = options.integer("hold", 60);
        ServerProbe server = new ServerProbe(options.integer("server-pid", 0));
        Measurement measurement = new Measurement(options);
        int top = options.integer("histogram", 0);
        Map<String, Long> classesBefore = server.present() && top > 0 ? server.classHistogram() : Map.of();
        long rssBefore = server.present() ? server.rssBytes() : 0;
        int rooms = (connections + perRoom - 1) / perRoom;
        Fleet fleet = measurement.join(options, rooms, perRoom, this::onFrame);
        long rssJoined = server.present() ? server.rssBytes() : 0;
        double perConnection = measurement.heapPerConnectionBytes(fleet.connected);

        double cpuBefore = server.present() ? server.cpuSeconds() : 0;
        long closedBefore = measurement.closedCount();
        TimeUnit.SECONDS.sleep(hold);
        double cpu = server.present() ? (server.cpuSeconds() - cpuBefore) / hold : 0;
        long heapHeld = server.present() ? server.liveHeapBytes() : 0;

        System.out.printf(Locale.ROOT, "options: connections=%d per-room=%d (%d classes) hold=%ds%n",
                fleet.clients.size(), perRoom, rooms, hold);
        System.out.printf(Locale.ROOT, "connected: %d of %d in %.1f s; join p50 %.1f ms, p99 %.1f ms%n",
                fleet.connected, fleet.clients.size(), fleet.rampSeconds,
                fleet.joinTimes.getValueAtPercentile(50) / 1e3, fleet.joinTimes.getValueAtPercentile(99) / 1e3);
        System.out.printf(Locale.ROOT, "errors: %d; connections lost during the hold: %d%n", errors.get(),
                measurement.closedCount() - closedBefore);
        if (server.present()) {
            double perGiB = (1L << 30) / Math.max(1, perConnection);
            System.out.printf(Locale.ROOT, "live heap per connection: %.2f KiB -> %.0f connections per GiB of heap "
                    + "(live heap after the hold: %d MiB)%n", perConnection / 1024, perGiB, heapHeld >> 20);
            System.out.printf(Locale.ROOT, "RSS: %d MiB before, %d MiB joined: %.1f KiB per connection%n",
                    rssBefore >> 20, rssJoined >> 20, (rssJoined - rssBefore) / 1024.0 / Math.max(1, fleet.connected));
            System.out.printf(Locale.ROOT, "server while idle: %.1f%% of one core%n", cpu * 100);
            System.out.printf(Locale.ROOT, "result: connected=%d/%d heap_per_conn_kib=%.2f conns_per_gib=%.0f "
                            + "rss_per_conn_kib=%.1f idle_cpu_pct=%.1f errors=%d%n", fleet.connected,
                    fleet.clients.size(), perConnection / 1024, perGiB,
                    (rssJoined - rssBefore) / 1024.0 / Math.max(1, fleet.connected), cpu * 100, errors.get());
        }
        if (server.present() && top > 0) {
            printHeapByClass(classesBefore, server.classHistogram(), fleet.connected, top);
        }
        fleet.close();
        return errors.get() == 0 && fleet.connected == fleet.clients.size() ? 0 : 1;
    }

    /** The {@code top} classes whose live bytes grew most with the connections, per connection. */
    private static void printHeapByClass(Map<String, Long> before, Map<String, Long> after, long connections, int top) {
        System.out.println("live heap added per connection, by class (jcmd GC.class_histogram):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %8.0f B  %s%n", e.getValue() / (double) Math.max(1, connections),
                        e.getKey()));
    }

    private void onFrame(ServerFrame frame) {
        if (frame.hasError()) {
            errors.incrementAndGet();
        }
    }
}
