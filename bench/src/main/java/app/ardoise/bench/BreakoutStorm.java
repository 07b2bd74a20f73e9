package app.ardoise.bench;

import app.ardoise.protocol.v1.BreakoutAssignment;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.GoToBreakout;
import app.ardoise.protocol.v1.OpenBreakouts;
import app.ardoise.protocol.v1.Welcome;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Breakout groups (issue 20): in a class of {@code --students} (30) with its teacher, the teacher opens
 * {@code --groups} (6) random groups; each student, on its GoToBreakout, opens a WebSocket to its group with the
 * token in it and joins, as the browser does. Measured: from sending OpenBreakouts to the last student's Welcome in
 * its group. {@code --runs} (5) times on a fresh class each; prints each run and the median.
 */
public final class BreakoutStorm {
    public static void main(String[] args) throws Exception {
        System.exit(new BreakoutStorm().run(Options.parse(args)));
    }

    private int run(Options options) throws Exception {
        int students = options.integer("students", 30);
        int groups = options.integer("groups", 6);
        int runs = options.integer("runs", 5);
        RoomApi api = RoomApi.from(options);
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf(Locale.ROOT, "options: students=%d groups=%d runs=%d%n", students, groups, runs);
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            seconds[run] = once(run, api, http, students, groups);
            System.out.printf(Locale.ROOT, "run %d: last student in their group %.3f s after open%n", run + 1, seconds[run]);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        System.out.printf(Locale.ROOT, "median: %.3f s (min %.3f, max %.3f)%n", median, sorted[0], sorted[runs - 1]);
        System.out.printf(Locale.ROOT, "result: breakout_open_to_last_in_group_median_s=%.3f%n", median);
        return 0;
    }

    private double once(int run, RoomApi api, HttpClient http, int students, int groups) throws Exception {
        CreateRoomResponse room = api.create("breakouts " + run);
        List<BenchClient> everyone = new ArrayList<>();
        BenchClient teacher = new BenchClient(frame -> { }, () -> { });
        everyone.add(teacher);
        teacher.connectAndJoin(http, api.webSocket(room, room.getTeacher().getToken()), room.getTeacher().getToken(), "t")
                .get(60, TimeUnit.SECONDS);
        List<CompletableFuture<GoToBreakout>> sent = new ArrayList<>();
        List<CompletableFuture<Welcome>> joins = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            CompletableFuture<GoToBreakout> go = new CompletableFuture<>();
            sent.add(go);
            BenchClient student = new BenchClient(frame -> {
                if (frame.hasGoToBreakout()) {
                    go.complete(frame.getGoToBreakout());
                }
            }, () -> { });
            everyone.add(student);
            joins.add(student.connectAndJoin(http, api.webSocket(room, room.getStudent().getToken()),
                    room.getStudent().getToken(), "s" + i));
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        List<CompletableFuture<Welcome>> inGroups = new ArrayList<>();
        AtomicLong lastWelcome = new AtomicLong();
        for (int i = 0; i < students; i++) {
            BenchClient leaving = everyone.get(i + 1);
            inGroups.add(sent.get(i).thenCompose(go -> {
                BenchClient inGroup = new BenchClient(frame -> { }, () -> { });
                synchronized (everyone) {
                    everyone.add(inGroup);
                }
                leaving.close(); // the browser leaves the class's WebSocket for the group's
                return inGroup.connectAndJoin(http, api.webSocket(go.getGroupId(), go.getToken()), go.getToken(), "");
            }).thenApply(welcome -> {
                lastWelcome.accumulateAndGet(System.nanoTime(), Math::max);
                return welcome;
            }));
        }
        long opened = System.nanoTime();
        teacher.act(ClientFrame.newBuilder().setOpenBreakouts(OpenBreakouts.newBuilder()
                .setAssignment(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM).setCount(groups).setDurationMs(600_000)));
        CompletableFuture.allOf(inGroups.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        long distinct = inGroups.stream().map(CompletableFuture::join).map(w -> w.getRoom().getBreakoutGroupId()).distinct().count();
        if (distinct != groups) {
            throw new IllegalStateException("students landed in " + distinct + " groups, not " + groups);
        }
        synchronized (everyone) {
            everyone.forEach(BenchClient::close);
        }
        return (lastWelcome.get() - opened) / 1e9;
    }
}
