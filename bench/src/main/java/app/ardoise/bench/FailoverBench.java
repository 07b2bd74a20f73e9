package app.ardoise.bench;

import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.CreateRoomResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs against a local cluster made by bin/ardoise-cluster (nodes 0..N-1 on 8080+i), which it drives
 * through that script: classes with a teacher and a student chatting every 250 ms, on different
 * nodes, reconnecting to live nodes with backoff and jitter. Each round kills a node (kill -9) and
 * times how long until every class acknowledges chat again, then starts it again and times until
 * the shards are balanced. Then each drain round drains a node (SIGTERM), reports the longest pause
 * any client saw between two acknowledgements, and starts the node again.
 */
public final class FailoverBench {
    private final int nodeCount;
    private final boolean[] alive;
    private final String apiKey;
    private final List<ReconnectingClient> teachers = new ArrayList<>();
    private final List<ReconnectingClient> everyone = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    private FailoverBench(int nodeCount, String apiKey) {
        this.nodeCount = nodeCount;
        this.alive = new boolean[nodeCount];
        Arrays.fill(alive, true);
        this.apiKey = apiKey;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        FailoverBench bench = new FailoverBench(options.integer("nodes", 3),
                options.string("api-key", System.getenv().getOrDefault("ARDOISE_API_KEY", "dev-api-key")));
        int rounds = options.integer("rounds", 5);
        bench.run(options.integer("classes", 30), rounds, options.integer("drains", rounds));
        System.exit(0);
    }

    private void run(int classes, int rounds, int drains) throws Exception {
        RoomApi api = new RoomApi(LocalCluster.base(0), apiKey);
        for (int c = 0; c < classes; c++) {
            CreateRoomResponse room = api.create("failover " + c);
            ReconnectingClient teacher = client(room, room.getTeacher().getToken(), "prof " + c);
            teachers.add(teacher);
            everyone.add(teacher);
            everyone.add(client(room, room.getStudent().getToken(), "élève " + c));
        }
        everyone.forEach(ReconnectingClient::connect);
        LocalCluster.await(60, () -> everyone.stream().allMatch(client -> client.lastSeq() > 0), "everyone joined");
        ScheduledExecutorService writers = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        writers.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            everyone.forEach(client -> client.chat("m" + i));
        }, 0, 250, TimeUnit.MILLISECONDS);
        TimeUnit.SECONDS.sleep(5);

        List<Double> failovers = new ArrayList<>();
        List<Double> settles = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int victim = 1 + round % (nodeCount - 1);
            LocalCluster.script("kill", victim);
            System.out.printf(Locale.ROOT, "killed node %d at %s%n", victim, java.time.LocalTime.now());
            // Served again means a message written after the kill is acknowledged, not an ack in flight.
            int afterKill = n.get() + 1;
            alive[victim] = false;
            long killed = System.nanoTime();
            LocalCluster.await(120, () -> teachers.stream().allMatch(teacher -> teacher.acknowledged().stream()
                    .anyMatch(text -> Integer.parseInt(text.substring(1)) >= afterKill)), "every class served again");
            failovers.add((System.nanoTime() - killed) / 1e9);

            LocalCluster.script("add", -1);
            alive[victim] = true;
            long added = System.nanoTime();
            LocalCluster.await(120, () -> balanced(victim), "shards balanced");
            settles.add((System.nanoTime() - added) / 1e9);
            System.out.printf(Locale.ROOT, "round %d: node %d killed, every class served again after %.1f s; "
                    + "restarted, shards balanced after %.1f s%n", round + 1, victim, failovers.get(round), settles.get(round));
            TimeUnit.SECONDS.sleep(3);
        }

        List<Double> longest = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        for (int round = 0; round < drains; round++) {
            int drained = 1 + round % (nodeCount - 1);
            everyone.forEach(ReconnectingClient::resetAckGap);
            LocalCluster.script("drain", drained);
            System.out.printf(Locale.ROOT, "drained node %d at %s%n", drained, java.time.LocalTime.now());
            alive[drained] = false;
            TimeUnit.SECONDS.sleep(10);
            List<Double> gaps = everyone.stream().map(c -> c.longestAckGapNanos() / 1e9).sorted().toList();
            longest.add(gaps.get(gaps.size() - 1));
            medians.add(gaps.get(gaps.size() / 2));
            System.out.printf(Locale.ROOT, "drain %d: node %d drained, longest pause between acknowledgements %.2f s, "
                    + "median client %.2f s%n", round + 1, drained, longest.get(round), medians.get(round));
            if (round + 1 < drains) {
                LocalCluster.script("add", -1);
                alive[drained] = true;
                LocalCluster.await(120, () -> balanced(drained), "shards balanced");
                TimeUnit.SECONDS.sleep(3);
            }
        }
        writers.shutdownNow();
        everyone.forEach(ReconnectingClient::close);

        if (!failovers.isEmpty()) {
            System.out.printf(Locale.ROOT, "failover (kill -9 -> every class acknowledging again): median %.1f s of %s%n",
                    median(failovers), failovers);
            System.out.printf(Locale.ROOT, "shards balanced after a node joins: median %.1f s of %s%n",
                    median(settles), settles);
        }
        if (!longest.isEmpty()) {
            System.out.printf(Locale.ROOT, "drain (SIGTERM): longest pause between acknowledgements, any client: "
                    + "median %.2f s of %s; median client: median %.2f s (%d clients, chat every 250 ms)%n",
                    median(longest), longest, median(medians), everyone.size());
        }
    }

    private ReconnectingClient client(CreateRoomResponse room, String token, String name) {
        return new ReconnectingClient(room.getRoomId(), token, name, roomId -> {
            int node = nextLive();
            return URI.create("ws://127.0.0.1:" + (8080 + node) + "/ws/rooms/" + roomId + "?token=" + token);
        });
    }

    private synchronized int nextLive() {
        for (int i = 0; i < nodeCount; i++) {
            int node = Math.floorMod(turn.getAndIncrement(), nodeCount);
            if (alive[node]) {
                return node;
            }
        }
        return 0;
    }

    /** The node holds its share of the shards, as the cluster API reports. */
    private boolean balanced(int node) {
        try {
            ClusterResponse cluster = LocalCluster.cluster(apiKey);
            int total = cluster.getNodesList().stream().mapToInt(nodeClasses -> nodeClasses.getShardCount()).sum();
            String address = "pekko://ardoise@127.0.0.1:" + (25520 + node);
            return cluster.getNodesList().stream().anyMatch(nodeClasses -> nodeClasses.getAddress().equals(address)
                    && nodeClasses.getShardCount() >= total / nodeCount - 1);
        } catch (Exception e) {
            return false;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
