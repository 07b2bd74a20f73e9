package app.ardoise.bench;

import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.NodeClasses;
import java.net.URI;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Placement by load on a local cluster made by bin/ardoise-cluster, started with one node: a lecture and many
 * small classes start there, every teacher chatting every 250 ms, then the operator adds nodes one after the
 * other (bin/ardoise-cluster add). Once nothing has moved for a while, it prints each node's load as placement
 * weighs it (GET /api/v1/cluster), how far the heaviest is from the mean, and the longest a teacher waited for
 * the acknowledgement of a chat message while the classes moved.
 */
public final class PlacementBench {
    private static final int SHARDS = 100;
    private final String apiKey;
    private final List<ReconnectingClient> teachers = new ArrayList<>();
    private final List<ReconnectingClient> everyone = new ArrayList<>();
    private final ClientPauses clientPauses = ClientPauses.watch();

    private PlacementBench(String apiKey) {
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        PlacementBench bench = new PlacementBench(
                options.string("api-key", System.getenv().getOrDefault("ARDOISE_API_KEY", "dev-api-key")));
        bench.run(options.integer("lecture", 300), options.integer("classes", 50), options.integer("students", 5),
                options.integer("add", 2), options.integer("quiet", 40), options.integer("timeout", 300));
        System.exit(0);
    }

    private void run(int lecture, int classes, int students, int add, int quietSeconds, int timeoutSeconds) throws Exception {
        RoomApi api = new RoomApi(LocalCluster.base(0), apiKey);
        String lectureId = enrol(api.create("amphi", lecture), lecture, "amphi");
        for (int c = 0; c < classes; c++) {
            enrol(api.create("classe " + c), students, "classe " + c);
        }
        everyone.forEach(ReconnectingClient::connect);
        LocalCluster.await(120, () -> everyone.stream().allMatch(client -> client.lastSeq() > 0), "everyone joined");
        System.out.printf(Locale.ROOT, "%d participants in %d classes on node 0%n", everyone.size(), classes + 1);
        ScheduledExecutorService writers = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        writers.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            teachers.forEach(teacher -> teacher.chat("m" + i));
        }, 0, 250, TimeUnit.MILLISECONDS);
        TimeUnit.SECONDS.sleep(10);
        report("before", cluster(), lectureId);
        teachers.forEach(ReconnectingClient::resetAckGap);

        Map<String, String> placed = placement(cluster());
        Set<String> moved = new HashSet<>();
        long added = System.nanoTime();
        for (int i = 0; i < add; i++) {
            LocalCluster.script("add", -1);
        }
        System.out.printf(Locale.ROOT, "%d nodes added in %.1f s%n", add, (System.nanoTime() - added) / 1e9);
        // Settled: no class has changed node for quietSeconds (placement's cooldown is 30 s).
        long lastMove = System.nanoTime();
        int moves = 0;
        long deadline = added + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() - lastMove < TimeUnit.SECONDS.toNanos(quietSeconds) && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
            Map<String, String> now = placement(cluster());
            now.forEach((id, node) -> {
                if (placed.containsKey(id) && !node.equals(placed.get(id))) {
                    moved.add(id);
                }
            });
            long changed = now.entrySet().stream().filter(e -> !e.getValue().equals(placed.get(e.getKey()))).count();
            if (changed > 0 || now.size() != placed.size()) {
                moves += (int) changed;
                lastMove = System.nanoTime();
                placed.clear();
                placed.putAll(now);
            }
        }
        System.out.printf(Locale.ROOT, "last class move seen %.1f s after the first node was added; %d class moves%s%n",
                (lastMove - added) / 1e9, moves, System.nanoTime() >= deadline ? " (still moving at the timeout)" : "");
        report("after", cluster(), lectureId);

        List<Long> gaps = teachers.stream().map(t -> t.longestAckGapNanos() / 1_000_000).sorted().toList();
        long over = gaps.stream().filter(ms -> ms > 1000).count();
        // A pause of a class that never moved is the machine's or its node's, not a move's: told apart.
        for (boolean didMove : new boolean[] {true, false}) {
            List<Long> some = teachers.stream().filter(t -> moved.contains(t.roomId()) == didMove)
                    .map(t -> t.longestAckGapNanos() / 1_000_000).sorted().toList();
            if (!some.isEmpty()) {
                System.out.printf(Locale.ROOT, "  classes that %s: %d, longest wait max %d ms, median %d ms, %d over 1 s%n",
                        didMove ? "moved" : "did not move", some.size(), some.get(some.size() - 1), some.get(some.size() / 2),
                        some.stream().filter(ms -> ms > 1000).count());
            }
        }
        System.out.printf(Locale.ROOT, "longest wait for a chat acknowledgement, per class while nodes joined and classes"
                        + " moved: max %d ms, median %d ms, %d of %d classes over 1 s; lecture: %d ms%n",
                gaps.get(gaps.size() - 1), gaps.get(gaps.size() / 2), over, gaps.size(),
                teachers.get(0).longestAckGapNanos() / 1_000_000);
        // Each pause over 1 s with its class's shard and when it ended, to find the move in the nodes' logs.
        teachers.stream().filter(t -> t.longestAckGapNanos() > 1_000_000_000L)
                .sorted(Comparator.comparingLong(ReconnectingClient::longestAckGapEndedMillis))
                .forEach(t -> {
                    long ended = t.longestAckGapEndedMillis();
                    long paused = clientPauses.longestWithin(ended - t.longestAckGapNanos() / 1_000_000, ended);
                    System.out.printf(Locale.ROOT, "  class %s (shard %s): %d ms, ended %s%s%n", t.roomId(),
                            shardOf(t.roomId()), t.longestAckGapNanos() / 1_000_000,
                            LocalTime.ofInstant(Instant.ofEpochMilli(ended), ZoneOffset.UTC),
                            paused > 0 ? ", the client itself paused " + paused + " ms for GC in it" : "");
                });
        System.out.printf(Locale.ROOT, "the load client's own GC: longest pause %d ms, %d pauses over 100 ms%n",
                clientPauses.longestMillis(), clientPauses.countOver(100));
        long errors = everyone.stream().mapToLong(client -> client.errors().size()).sum();
        System.out.printf(Locale.ROOT, "errors seen by clients: %d; reconnects: %d%n", errors,
                everyone.stream().mapToInt(ReconnectingClient::reconnects).sum());
        writers.shutdownNow();
        everyone.forEach(ReconnectingClient::close);
    }

    /** The class's teacher and students, every one on node 0, the only node there is. */
    private String enrol(CreateRoomResponse room, int students, String title) {
        ReconnectingClient teacher = client(room, room.getTeacher().getToken(), "prof " + title);
        teachers.add(teacher);
        everyone.add(teacher);
        for (int s = 0; s < students; s++) {
            everyone.add(client(room, room.getStudent().getToken(), "élève " + title + "-" + s));
        }
        return room.getRoomId();
    }

    private void report(String when, ClusterResponse cluster, String lectureId) {
        List<NodeClasses> nodes = cluster.getNodesList();
        double mean = nodes.stream().mapToLong(NodeClasses::getLoad).average().orElse(0);
        double worst = 0;
        for (NodeClasses node : nodes) {
            double share = mean > 0 ? (node.getLoad() - mean) / mean * 100 : 0;
            worst = Math.max(worst, Math.abs(share));
            System.out.printf(Locale.ROOT, "%s: %s: %d shards, %d classes%s, load %d (%+.0f %% of the mean %.0f)%n",
                    when, node.getAddress(), node.getShardCount(), node.getClassCount(),
                    node.getClassesList().contains(lectureId) ? " with the lecture" : "", node.getLoad(), share, mean);
        }
        System.out.printf(Locale.ROOT, "%s: farthest node from the mean: %.0f %%%n", when, worst);
    }

    /** As pekko's default extractor computes it over the nodes' 100 shards (application.conf). */
    private static String shardOf(String roomId) {
        return Integer.toString(Math.abs(roomId.hashCode()) % SHARDS);
    }

    private static Map<String, String> placement(ClusterResponse cluster) {
        return cluster.getNodesList().stream().flatMap(node -> node.getClassesList().stream()
                        .map(id -> Map.entry(id, node.getAddress())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private ClusterResponse cluster() throws Exception {
        return LocalCluster.cluster(apiKey);
    }

    private static ReconnectingClient client(CreateRoomResponse room, String token, String name) {
        return new ReconnectingClient(room.getRoomId(), token, name,
                roomId -> URI.create("ws://127.0.0.1:8080/ws/rooms/" + roomId + "?token=" + token));
    }
}
