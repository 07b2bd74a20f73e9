package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Monday 8:00: {@code --students} students (1,000) join their classes within {@code --window} seconds (10),
 * each at a uniformly random moment of the window, so arrivals bunch as real ones do. The classes
 * ({@code --per-room} students each, 30) were created beforehand and their teacher is already in, as
 * a teacher opens the class before the bell. Every student opens its own WebSocket with the student
 * link and sends Join; the join time runs from opening the connection to the Welcome (and, apart, from
 * the open WebSocket to the Welcome: the room's own part, without the upgrade).
 *
 * <p>{@code --rounds} (2) storms run one after the other on fresh classes, the previous round's clients
 * closed first: the first meets a node that has just started, the next a warm one.
 *
 * <p>{@code --max-participants} (0: the node's default) is each class's own limit, as created: 1000 with
 * {@code --per-room 1000} makes a lecture. The round counts the frames every client receives from the storm's
 * start until its last Welcome, and which errors: what presence costs a class as it fills.
 */
public final class JoinStorm {
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    /** Frames every client of the round received, Welcomes included. */
    private final AtomicLong frames = new AtomicLong();
    private final Map<String, AtomicLong> errorCodes = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        System.exit(new JoinStorm().run(Options.parse(args)));
    }

    private int run(Options options) throws Exception {
        int students = options.integer("students", 1000);
        int perRoom = options.integer("per-room", 30);
        double window = options.number("window", 10);
        int rounds = options.integer("rounds", 2);
        int maxParticipants = options.integer("max-participants", 0);
        RoomApi api = RoomApi.from(options);
        ServerProbe server = new ServerProbe(options.integer("server-pid", 0));
        List<HttpClient> transports = new ArrayList<>();
        // The default executor here, unlike Fleet's clients: a storm is all connects, and the one storm run with
        // frames and connects on the selector thread measured a round-1 p99 of 1.25 s against 0.46-0.52 s
        // (bench/RESULTS.md).
        for (int i = 0; i < options.integer("http-clients", 4); i++) {
            transports.add(HttpClient.newHttpClient());
        }
        System.out.printf(Locale.ROOT, "options: students=%d per-room=%d window=%.1fs rounds=%d max-participants=%d%n",
                students, perRoom, window, rounds, maxParticipants);
        boolean allJoined = true;
        for (int round = 1; round <= rounds; round++) {
            allJoined &= storm(round, api, server, transports, students, perRoom, window, maxParticipants);
        }
        return allJoined && errors.get() == 0 ? 0 : 1;
    }

    private boolean storm(int round, RoomApi api, ServerProbe server, List<HttpClient> transports, int students,
                          int perRoom, double window, int maxParticipants) throws Exception {
        int roomCount = (students + perRoom - 1) / perRoom;
        List<CreateRoomResponse> rooms = new ArrayList<>();
        List<BenchClient> everyone = new ArrayList<>();
        List<CompletableFuture<Welcome>> teachersIn = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            CreateRoomResponse room = api.create("storm " + round + "-" + r, maxParticipants);
            rooms.add(room);
            BenchClient teacher = new BenchClient(this::onFrame, closed::incrementAndGet);
            everyone.add(teacher);
            teachersIn.add(teacher.connectAndJoin(transports.get(r % transports.size()),
                    api.webSocket(room, room.getTeacher().getToken()), room.getTeacher().getToken(), "t" + r));
        }
        CompletableFuture.allOf(teachersIn.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        Recorder fromConnect = new Recorder(3);
        Recorder fromOpen = new Recorder(3);
        AtomicLong lastWelcome = new AtomicLong();
        List<CompletableFuture<Welcome>> joined = new ArrayList<>();
        // Enough threads that a connect which blocks its thread for a moment does not delay the next arrival.
        ScheduledExecutorService arrivals = Executors.newScheduledThreadPool(4);
        double cpuBefore = server.present() ? server.cpuSeconds() : 0;
        frames.set(0);
        errorCodes.clear();
        long start = System.nanoTime();
        for (int s = 0; s < students; s++) {
            CreateRoomResponse room = rooms.get(s % roomCount);
            String token = room.getStudent().getToken();
            HttpClient transport = transports.get(s % transports.size());
            BenchClient student = new BenchClient(this::onFrame, closed::incrementAndGet);
            everyone.add(student);
            CompletableFuture<Welcome> welcome = new CompletableFuture<>();
            joined.add(welcome);
            String name = "s" + s;
            long at = (long) (ThreadLocalRandom.current().nextDouble() * window * 1e9);
            arrivals.schedule(() -> {
                long connectAt = System.nanoTime();
                student.connectAndJoin(transport, api.webSocket(room, token), token, name).whenComplete((ok, failure) -> {
                    long now = System.nanoTime();
                    if (failure == null) {
                        fromConnect.recordValue((now - connectAt) / 1_000);
                        fromOpen.recordValue((now - student.openedNanos) / 1_000);
                        lastWelcome.accumulateAndGet(now, Math::max);
                        welcome.complete(ok);
                    } else {
                        errors.incrementAndGet();
                        welcome.completeExceptionally(failure);
                    }
                });
            }, at, TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get((long) window + 120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = server.present() ? (server.cpuSeconds() - cpuBefore) / seconds : 0;
        long ok = joined.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
        Histogram total = fromConnect.getIntervalHistogram();
        Histogram room = fromOpen.getIntervalHistogram();

        System.out.printf(Locale.ROOT, "round %d: %d of %d students joined %d classes (teacher in each); last Welcome "
                        + "%.1f s after the storm began (window %.0f s)%n", round, ok, students, roomCount,
                (lastWelcome.get() - start) / 1e9, window);
        System.out.printf(Locale.ROOT, "  join (connect -> Welcome): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms(total, 50), ms(total, 95), ms(total, 99), total.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "  open WebSocket -> Welcome:  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms(room, 50), ms(room, 95), ms(room, 99), room.getMaxValue() / 1e3);
        System.out.printf(Locale.ROOT, "  errors: %d %s; closed by the server: %d%n", errors.get(), errorCodes, closed.get());
        System.out.printf(Locale.ROOT, "  frames received by the clients since the storm began: %d%n", frames.get());
        if (server.present()) {
            System.out.printf(Locale.ROOT, "  server: %.0f%% of one core during the storm; RSS %d MiB%n",
                    cpu * 100, server.rssBytes() >> 20);
        }
        System.out.printf(Locale.ROOT, "result: round=%d joined=%d/%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f "
                        + "open_p99_ms=%.1f errors=%d server_cpu_pct=%.0f frames=%d%n", round, ok, students,
                ms(total, 50), ms(total, 95), ms(total, 99), total.getMaxValue() / 1e3, ms(room, 99), errors.get(),
                cpu * 100, frames.get());
        arrivals.shutdownNow();
        // The end of a round is not a server-side close.
        long closedBefore = closed.get();
        everyone.forEach(BenchClient::close);
        TimeUnit.SECONDS.sleep(2);
        closed.set(closedBefore);
        return ok == students;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }

    private void onFrame(ServerFrame frame) {
        frames.incrementAndGet();
        if (frame.hasError()) {
            errors.incrementAndGet();
            errorCodes.computeIfAbsent(frame.getError().getCode(), code -> new AtomicLong()).incrementAndGet();
        }
    }
}
