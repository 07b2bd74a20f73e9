package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.media.SfuProcess;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.MediaJoin;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import app.ardoise.protocol.v1.SfuState;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SFUs found through the cluster, on two node JVMs and two real SFUs. The first node lists only its own SFU. The
 * second comes with another and advertises it: the first node's pool gains it, places its next class there without
 * being reconfigured, and loses it when the second node leaves, while the class placed there keeps its media.
 */
@NodeProcesses
class SfuDiscoveryTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration SEEN = Duration.ofSeconds(30);

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void a_nodes_advertised_sfu_joins_the_others_pools_and_leaves_with_the_node() throws Exception {
        SfuProcess own = started(SfuProcess.start());
        SfuProcess brought = started(SfuProcess.start());
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(2);
        List<Integer> seeds = List.of(ports.get(0)[1], ports.get(1)[1]);
        NodeProcess first = started(NodeProcess.start("sfu-discovery-0", ports.get(0), seeds, keyspace,
                Map.of("ARDOISE_SFU_TARGETS", own.target())));
        first.awaitReady(READY);
        awaitPool(first, "the first node's pool is its own SFU", pool -> targets(pool).equals(List.of(own.target())));

        CreateRoomResponse maths = createRoom(first, "Maths");
        WsClient mathsTeacher = started(WsClient.connect(first.webSocket(maths.getRoomId(), maths.getTeacher().getToken())));
        mathsTeacher.join(maths.getTeacher().getToken(), "Teacher");
        joinMedia(mathsTeacher);
        own.awaitMetric("sfu_participants", 1, Duration.ofSeconds(10));

        NodeProcess second = started(NodeProcess.start("sfu-discovery-1", ports.get(1), seeds, keyspace,
                Map.of("ARDOISE_SFU_TARGETS", brought.target(), "ARDOISE_SFU_ADVERTISE", brought.target())));
        second.awaitReady(READY);
        long ready = System.nanoTime();
        awaitPool(first, "the second node's SFU in the first's pool, serving", pool ->
                targets(pool).equals(List.of(own.target(), brought.target())) && pool.get(1).getServing());
        System.out.printf("SFU discovery: the advertised SFU serves in the other node's pool %d ms after its node was ready%n",
                (System.nanoTime() - ready) / 1_000_000);

        // The first node's SFU holds a class, the advertised one none: the next class goes there.
        CreateRoomResponse music = createRoom(first, "Music");
        WsClient musicTeacher = started(WsClient.connect(first.webSocket(music.getRoomId(), music.getTeacher().getToken())));
        musicTeacher.join(music.getTeacher().getToken(), "Teacher");
        joinMedia(musicTeacher);
        brought.awaitMetric("sfu_participants", 1, Duration.ofSeconds(10));
        assertEquals(1.0, own.metric("sfu_participants"), "the new class is on the advertised SFU only");

        long leaving = System.nanoTime();
        second.terminate();
        awaitPool(first, "the SFU gone with its node", pool -> targets(pool).equals(List.of(own.target())));
        System.out.printf("SFU discovery: the SFU left the other node's pool %d ms after its node was told to leave%n",
                (System.nanoTime() - leaving) / 1_000_000);
        assertEquals(1.0, brought.metric("sfu_participants"), "the class placed there keeps its media");
        assertFalse(musicTeacher.isClosed());

        musicTeacher.close();
        brought.awaitMetric("sfu_participants", 0, Duration.ofSeconds(10));
        awaitMetrics(first, "the withdrawn SFU's series end once its last stream has", metrics ->
                !metrics.contains("sfu=\"" + brought.target() + "\"") && metrics.contains("sfu=\"" + own.target() + "\""));
    }

    private <T extends AutoCloseable> T started(T closeable) {
        started.add(closeable);
        return closeable;
    }

    private static CreateRoomResponse createRoom(NodeProcess node, String title) throws Exception {
        CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(node.post("/api/v1/rooms", "{\"title\":\"" + title + "\"}").body(), room);
        assertTrue(!room.getRoomId().isEmpty(), "created " + title);
        return room.build();
    }

    private static void joinMedia(WsClient client) {
        client.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setJoin(MediaJoin.getDefaultInstance())));
        client.await(f -> f.hasMedia() && f.getMedia().hasStatus()
                && f.getMedia().getStatus().getState() == MediaStatus.State.JOINED);
    }

    private static List<String> targets(List<SfuState> pool) {
        return pool.stream().map(SfuState::getTarget).toList();
    }

    private static void awaitPool(NodeProcess node, String what, Predicate<List<SfuState>> condition) {
        long deadline = System.nanoTime() + SEEN.toNanos();
        List<SfuState> pool = List.of();
        while (System.nanoTime() < deadline) {
            pool = node.cluster().getSfusList();
            if (condition.test(pool)) {
                return;
            }
            sleep(100);
        }
        fail(what + ": GET /api/v1/cluster on " + node.name() + " shows " + pool);
    }

    private static void awaitMetrics(NodeProcess node, String what, Predicate<String> condition) {
        long deadline = System.nanoTime() + SEEN.toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = node.get("/metrics").body();
            if (condition.test(metrics)) {
                return;
            }
            sleep(100);
        }
        fail(what + ": /metrics on " + node.name() + " shows " + metrics.lines()
                .filter(line -> line.startsWith("ardoise_media_sfu")).toList());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
