package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.ServerFrame;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * R classes x S clients; each client posts chat at a set rate carrying its send time (System.nanoTime of
 * this process), and every delivery is timed against that one clock. Prints latency percentiles,
 * deliveries per second, errors, server CPU, RSS, and live heap per idle connection.
 */
public final class ChatLoad {
    private static final String MARK = "bench:";

    private final Recorder latency = new Recorder(3);
    private final Recorder joins = new Recorder(3);
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicBoolean measuring = new AtomicBoolean();

    public static void main(String[] args) throws Exception {
        new ChatLoad().run(Options.parse(args));
    }

    private void run(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String apiKey = options.string("api-key", System.getenv().getOrDefault("ARDOISE_API_KEY", ""));
        int rooms = options.integer("rooms", 50);
        int perRoom = options.integer("clients", 20);
        double rate = options.number("rate", 1.0);
        int warmup = options.integer("warmup", 10);
        int duration = options.integer("duration", 60);
        int httpClients = options.integer("http-clients", 4);
        ServerProbe server = new ServerProbe(options.integer("server-pid", 0));

        RoomApi api = new RoomApi(url, apiKey);
        List<HttpClient> transports = new ArrayList<>();
        for (int i = 0; i < httpClients; i++) {
            transports.add(HttpClient.newHttpClient());
        }
        long heapBefore = server.present() ? server.liveHeapBytes() : 0;

        List<BenchClient> clients = new ArrayList<>();
        List<CompletableFuture<Void>> joined = new ArrayList<>();
        Semaphore connecting = new Semaphore(64);
        long rampStart = System.nanoTime();
        for (int r = 0; r < rooms; r++) {
            CreateRoomResponse room = api.create("bench " + r);
            for (int c = 0; c < perRoom; c++) {
                String token = c == 0 ? room.getTeacher().getToken() : room.getStudent().getToken();
                BenchClient client = new BenchClient(this::onFrame, closed::incrementAndGet);
                clients.add(client);
                connecting.acquire();
                long started = System.nanoTime();
                joined.add(client.connectAndJoin(transports.get(clients.size() % httpClients),
                                api.webSocket(room, token), token, "c" + r + "-" + c)
                        .whenComplete((ok, failure) -> {
                            connecting.release();
                            if (failure == null) {
                                joins.recordValue((System.nanoTime() - started) / 1_000);
                            } else {
                                errors.incrementAndGet();
                            }
                        }));
            }
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        long connected = joined.stream().filter(f -> !f.isCompletedExceptionally()).count();
        Histogram joinTimes = joins.getIntervalHistogram();

        long heapAfter = server.present() ? server.liveHeapBytes() : 0;
        long rssIdle = server.present() ? server.rssBytes() : 0;

        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        long periodMicros = (long) (1_000_000 / rate);
        // Senders start one after another across the warm-up, so the offered load ramps up while the
        // server's JIT warms, as a real class start does, instead of hitting a cold server at full rate.
        long rampMicros = TimeUnit.SECONDS.toMicros(warmup) / 2;
        for (int i = 0; i < clients.size(); i++) {
            BenchClient client = clients.get(i);
            long start = rampMicros * i / clients.size() + ThreadLocalRandom.current().nextLong(periodMicros);
            senders.scheduleAtFixedRate(() -> client.chat(MARK + System.nanoTime()),
                    start, periodMicros, TimeUnit.MICROSECONDS);
        }
        TimeUnit.SECONDS.sleep(warmup);
        latency.reset();
        deliveries.set(0);
        double cpuBefore = server.present() ? server.cpuSeconds() : 0;
        long measureStart = System.nanoTime();
        measuring.set(true);
        TimeUnit.SECONDS.sleep(duration);
        measuring.set(false);
        double seconds = (System.nanoTime() - measureStart) / 1e9;
        double cpu = server.present() ? (server.cpuSeconds() - cpuBefore) / seconds : 0;
        long rssLoaded = server.present() ? server.rssBytes() : 0;
        senders.shutdownNow();
        Histogram lat = latency.getIntervalHistogram();
        long delivered = deliveries.get();
        long closedByServer = closed.get();
        clients.forEach(BenchClient::close);

        System.out.println();
        System.out.printf(Locale.ROOT, "options: rooms=%d clients/room=%d rate=%.2f/s warmup=%ds duration=%ds%n",
                rooms, perRoom, rate, warmup, duration);
        System.out.printf(Locale.ROOT, "connected: %d of %d in %.1f s; join p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                connected, clients.size(), rampSeconds, joinTimes.getValueAtPercentile(50) / 1e3,
                joinTimes.getValueAtPercentile(99) / 1e3, joinTimes.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "delivery latency: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (%d samples)%n",
                lat.getValueAtPercentile(50) / 1e3, lat.getValueAtPercentile(95) / 1e3,
                lat.getValueAtPercentile(99) / 1e3, lat.getMaxValue() / 1e3, lat.getTotalCount());
        System.out.printf(Locale.ROOT, "deliveries: %.0f/s; errors: %d; connections closed by the server: %d%n",
                delivered / seconds, errors.get(), closedByServer);
        if (server.present()) {
            System.out.printf(Locale.ROOT, "server: %.0f%% of one core; RSS idle %d MiB, loaded %d MiB; "
                            + "live heap per idle connection %.1f KiB%n",
                    cpu * 100, rssIdle >> 20, rssLoaded >> 20, (heapAfter - heapBefore) / 1024.0 / Math.max(1, connected));
        }
        System.exit(errors.get() == 0 ? 0 : 1);
    }

    private void onFrame(ServerFrame frame) {
        if (frame.hasError()) {
            errors.incrementAndGet();
            return;
        }
        if (!frame.hasEvent() || !frame.getEvent().hasChat() || !measuring.get()) {
            return;
        }
        String text = frame.getEvent().getChat().getText();
        if (text.startsWith(MARK)) {
            long sent = Long.parseLong(text.substring(MARK.length()));
            latency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1_000));
            deliveries.incrementAndGet();
        }
    }
}
