package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.bench.ReconnectingClient;
import app.ardoise.cluster.support.DrawingTeacher;
import app.ardoise.cluster.support.HealingBoard;
import app.ardoise.cluster.support.JournalChat;
import app.ardoise.cluster.support.NodeNetwork;
import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.TcpForwarder;
import app.ardoise.cluster.support.WriterRuns;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.NodeClasses;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Partitions in the manner of Jepsen. Three node JVMs, each in a network namespace of its own on a bridge
 * ({@link NodeNetwork}), classes chatting and drawing through all of them with clients that reconnect as the
 * browser does. The test cuts one node off from the other two with iptables inside that node's namespace (it
 * still reaches Cassandra and its clients: the case where a class could run, and write, on both sides) and heals
 * it, each time on the node that runs the most classes. First a cut shorter than the resolver's stable-after,
 * healed before it could decide: nobody is downed. Then a cut that lasts: the node downs itself, its classes start
 * on the majority, and after the heal it comes back as a new node. After each, no class's journal has two writers, every acknowledged chat message and
 * shape is there exactly once, and every client shows what the journal holds.
 * The cases share one cluster, in order: the first leaves it whole, as the second needs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NodeProcesses
class PartitionTest {
    private static final int NODES = 3;
    private static final int CLASSES = 6;
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration TICK = Duration.ofMillis(400);
    /**
     * Half the resolver's stable-after (2 s). A cut healed only once the others have flagged the node (about 4 s)
     * may still down it: its heartbeats seem to wait for TCP's next retransmission, whose backoff grew during the
     * cut (docs/ARCHITECTURE.md, "Partitions").
     */
    private static final Duration SHORT_CUT = Duration.ofSeconds(1);

    private NodeNetwork network;
    private TcpForwarder cassandra;
    private String keyspace;
    private List<int[]> ports;
    private final NodeProcess[] nodes = new NodeProcess[NODES];
    private final List<CreateRoomResponse> rooms = new ArrayList<>();
    /** Per class: the teacher's and the student's chat. */
    private final List<ReconnectingClient> chatters = new ArrayList<>();
    private final List<DrawingTeacher> drawers = new ArrayList<>();
    private final List<HealingBoard> watchers = new ArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private ScheduledExecutorService load;
    /** Which load this is, so that no two chat messages of the run have the same text. */
    private int round;

    @BeforeAll
    void startTheClusterAndItsClasses() throws Exception {
        network = NodeNetwork.create(NODES);
        cassandra = TcpForwarder.start(network.gateway(), TestCassandra.shared().contactPoint());
        keyspace = NodeProcess.installedKeyspace();
        ports = NodeProcess.ports(NODES);
        for (int i = 0; i < NODES; i++) {
            nodes[i] = startNode(i, "first");
        }
        for (NodeProcess node : nodes) {
            node.awaitReady(READY);
        }
        awaitTrue("three members up", Duration.ofSeconds(60), () -> whole(nodes[0], NODES));
        NodeProcess.awaitTakingClasses(List.of(nodes), Duration.ofSeconds(60));

        for (int c = 0; c < CLASSES; c++) {
            CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
            JsonFormat.parser().merge(nodes[0].post("/api/v1/rooms", "{\"title\":\"classe " + c + "\"}").body(), room);
            CreateRoomResponse created = room.build();
            rooms.add(created);
            String id = created.getRoomId();
            String teacher = created.getTeacher().getToken();
            String student = created.getStudent().getToken();
            chatters.add(new ReconnectingClient(id, teacher, "prof " + c, roomId -> nextLive().webSocket(roomId, teacher)));
            chatters.add(new ReconnectingClient(id, student, "élève " + c, roomId -> nextLive().webSocket(roomId, student)));
            drawers.add(new DrawingTeacher(id, teacher, "tableau " + c, () -> nextLive().webSocket(id, teacher)));
            // Half of them ask for written marks, as the browser does; the others get every written event.
            watchers.add(new HealingBoard(id, student, "regard " + c, () -> nextLive().webSocket(id, student), c % 2 == 0));
        }
        chatters.forEach(ReconnectingClient::connect);
        drawers.forEach(DrawingTeacher::connect);
        watchers.forEach(HealingBoard::connect);
        awaitTrue("every participant joined", Duration.ofSeconds(30), () -> chatters.stream().allMatch(c -> c.lastSeq() > 0)
                && watchers.stream().allMatch(HealingBoard::settled));
    }

    @AfterAll
    void stopEverything() {
        if (load != null) {
            load.shutdownNow();
        }
        chatters.forEach(ReconnectingClient::close);
        drawers.forEach(DrawingTeacher::close);
        watchers.forEach(HealingBoard::close);
        for (NodeProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        if (cassandra != null) {
            cassandra.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void a_cut_healed_before_the_resolver_decides_downs_nobody() throws Exception {
        startLoad();
        TimeUnit.SECONDS.sleep(2);
        int cut = busiest();
        network.isolate(cut);
        TimeUnit.MILLISECONDS.sleep(SHORT_CUT.toMillis());
        network.heal(cut);
        // Watched for three times the resolver's stable-after: had it downed anyone, the node would have left.
        double unreachable = 0;
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            for (NodeProcess node : nodes) {
                unreachable = Math.max(unreachable, meter(node, "ardoise_members_unreachable", ""));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        System.out.printf("partition (short): a cut of %d ms, at most %.0f member(s) seen unreachable%n",
                SHORT_CUT.toMillis(), unreachable);
        for (NodeProcess node : nodes) {
            assertTrue(node.isAlive(), node.name() + " stopped although the cut healed before the resolver decided");
            assertTrue(whole(node, NODES), node.name() + " sees a member gone");
            assertEquals(0, meter(node, "ardoise_member_changes_total", "change=\"downed\""), node.name() + " downed a member");
        }
        stopLoadAndCheck();
    }

    @Test
    @Order(2)
    void a_cut_off_node_downs_itself_and_no_class_runs_on_both_sides() throws Exception {
        startLoad();
        TimeUnit.SECONDS.sleep(2);
        int cut = busiest();
        NodeProcess minority = nodes[cut];
        chatters.forEach(ReconnectingClient::resetAckGap);
        long start = System.nanoTime();
        long cutAt = System.currentTimeMillis();
        network.isolate(cut);
        awaitTrue("the cut-off node downs itself and exits", Duration.ofSeconds(30), () -> !minority.isAlive());
        double down = (System.nanoTime() - start) / 1e9;
        List<Integer> atExit = acknowledgedCounts();
        Matcher downedItself = Pattern.compile("(?m)^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*SBR took decision DownReachable")
                .matcher(Files.readString(minority.log()));
        assertTrue(downedItself.find(), "the cut-off node downed itself (its resolver's decision), see " + minority.log());
        long downedAt = LocalTime.parse(downedItself.group(1)).atDate(LocalDate.now()).atZone(ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        awaitTrue("the majority removes it", Duration.ofSeconds(30), () -> whole(nodes[(cut + 1) % NODES], NODES - 1));
        double removed = (System.nanoTime() - start) / 1e9;
        awaitTrue("every client has chat and shapes acknowledged after the exit", Duration.ofSeconds(45), () -> {
            List<Integer> now = acknowledgedCounts();
            for (int i = 0; i < now.size(); i++) {
                if (now.get(i) <= atExit.get(i)) {
                    return false;
                }
            }
            return true;
        });
        double served = (System.nanoTime() - start) / 1e9;
        double longestGap = chatters.stream().mapToLong(ReconnectingClient::longestAckGapNanos).max().orElse(0) / 1e9;
        System.out.printf("partition (long): the minority down and exited %.1f s after the cut, removed by the majority"
                + " at %.1f s, every client acknowledged again at %.1f s; the longest a chat client waited between"
                + " two acknowledgements: %.1f s%n", down, removed, served, longestGap);
        for (NodeProcess node : nodes) {
            if (node != minority) {
                assertTrue(whole(node, NODES - 1), node.name() + " of the majority sees two members up");
            }
        }

        network.heal(cut);
        long healed = System.nanoTime();
        nodes[cut] = startNode(cut, "again");
        nodes[cut].awaitReady(READY);
        awaitTrue("the node is back as a member", Duration.ofSeconds(60),
                () -> List.of(nodes).stream().allMatch(node -> whole(node, NODES)));
        System.out.printf("partition (long): the node back in the cluster %.1f s after the heal%n", (System.nanoTime() - healed) / 1e9);
        TimeUnit.SECONDS.sleep(2);
        stopLoadAndCheck();
        long takenOver = WriterRuns.firstTakeOver(TestCassandra.shared(), keyspace, cutAt);
        assertTrue(takenOver > 0, "no class of the cut node was written on the majority");
        System.out.printf("partition (long): the cut node downed itself %.1f s after the cut (its log); the majority's first"
                + " write of one of its classes came %.1f s after that%n", (downedAt - cutAt) / 1e3, (takenOver - downedAt) / 1e3);
    }

    private NodeProcess startNode(int i, String life) {
        List<String> seeds = new ArrayList<>();
        for (int s = 0; s < NODES; s++) {
            seeds.add(network.address(s) + ":" + ports.get(s)[1]);
        }
        return NodeProcess.startOn("partition-" + i + "-" + life, network.launcher(i), network.address(i), ports.get(i), seeds,
                keyspace, cassandra.contactPoint());
    }

    /** The node that runs the most classes, which must run some: the one whose cut tells most. */
    private int busiest() {
        int[] classes = new int[NODES];
        for (NodeClasses node : nodes[0].cluster().getNodesList()) {
            for (int i = 0; i < NODES; i++) {
                if (node.getAddress().equals(nodes[i].address())) {
                    classes[i] += node.getClassCount();
                }
            }
        }
        int busiest = 0;
        for (int i = 1; i < NODES; i++) {
            busiest = classes[i] > classes[busiest] ? i : busiest;
        }
        assertTrue(classes[busiest] > 0, "no node runs a class: " + Arrays.toString(classes));
        System.out.printf("partition: cutting %s off, classes by node %s%n", nodes[busiest].name(), Arrays.toString(classes));
        return busiest;
    }

    /** The live nodes in turn, as a load balancer would hand out connections: the cut-off one too, until it exits. */
    private NodeProcess nextLive() {
        List<NodeProcess> live = List.of(nodes).stream().filter(NodeProcess::isAlive).toList();
        return live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
    }

    private void startLoad() {
        load = Executors.newScheduledThreadPool(1);
        int r = ++round;
        AtomicInteger ticks = new AtomicInteger();
        load.scheduleAtFixedRate(() -> {
            int n = ticks.getAndIncrement();
            for (int i = 0; i < chatters.size(); i++) {
                chatters.get(i).chat("r" + r + "-m" + i + "-" + n);
            }
            drawers.forEach(DrawingTeacher::draw);
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the load and checks the four properties: one writer at a time per class, every acknowledged op kept
     * exactly once, and every client showing what the room holds.
     */
    private void stopLoadAndCheck() throws Exception {
        load.shutdownNow();
        load.awaitTermination(5, TimeUnit.SECONDS);
        List<String> twoWriters = WriterRuns.overlaps(TestCassandra.shared(), keyspace);
        assertEquals(List.of(), twoWriters, "a class ran on both sides of the partition");
        // The teachers send again what an error left unacknowledged. An op sent to a class on the cut side may get
        // no answer at all while the teacher's own link stays up; like the browser (connection.ts), the teacher
        // sends it again only after a reconnect, so it may stay unacknowledged: the checks below allow for it.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (drawers.stream().anyMatch(d -> d.pending() > 0) && System.nanoTime() < until) {
            drawers.forEach(DrawingTeacher::resend);
            TimeUnit.MILLISECONDS.sleep(200);
        }
        if (drawers.stream().anyMatch(d -> d.pending() > 0)) {
            System.out.println("partition: unacknowledged 10 s after the load stopped: " + drawers);
        }

        for (int c = 0; c < CLASSES; c++) {
            CreateRoomResponse room = rooms.get(c);
            Welcome fresh = joinFresh(room);
            ReconnectingClient teacher = chatters.get(2 * c);
            ReconnectingClient student = chatters.get(2 * c + 1);
            DrawingTeacher drawer = drawers.get(c);
            HealingBoard watcher = watchers.get(c);
            awaitTrue("class " + c + "'s participants caught up", Duration.ofSeconds(30), () -> teacher.lastSeq() >= fresh.getLastSeq()
                    && student.lastSeq() >= fresh.getLastSeq() && watcher.lastSeq() >= fresh.getLastSeq() && watcher.settled(),
                    () -> "the class at seq " + fresh.getLastSeq() + "; the teacher at " + teacher.lastSeq() + ", the student at "
                            + student.lastSeq() + ", the board watcher at " + watcher.lastSeq()
                            + (watcher.settled() ? "" : ", waiting for its Resync's Welcome or its own"));

            List<String> kept = JournalChat.texts(nodes[0].http("/api/v1/rooms/" + room.getRoomId() + "/replay"),
                    room.getTeacher().getToken());
            assertEquals(kept.size(), new HashSet<>(kept).size(), "class " + c + " holds a message twice");
            Set<String> acknowledged = new HashSet<>(teacher.acknowledged());
            acknowledged.addAll(student.acknowledged());
            assertTrue(acknowledged.size() > 10, "class " + c + " chatted: " + acknowledged.size());
            Set<String> lost = new HashSet<>(acknowledged);
            kept.forEach(lost::remove);
            assertEquals(Set.of(), lost, "class " + c + " lost acknowledged messages");
            assertEquals(kept, teacher.chatSeen(), "the teacher of class " + c + " saw another chat");
            assertEquals(kept, student.chatSeen(), "the student of class " + c + " saw another chat");
            assertEquals(List.of(), teacher.errors());
            assertEquals(List.of(), student.errors());

            WhiteboardDoc board = WhiteboardDoc.fromProto(fresh.getRoom().getWhiteboard());
            List<String> shapes = drawer.acknowledged();
            assertTrue(shapes.size() > 10, "class " + c + " drew: " + shapes.size());
            assertEquals(List.of(), shapes.stream().filter(id -> board.shape(DrawingTeacher.PAGE, id).isEmpty()).toList(),
                    "class " + c + " lost acknowledged shapes");
            Set<String> drawn = new HashSet<>(drawer.drawn());
            assertEquals(shapes.size(), new HashSet<>(shapes).size(), "a shape of class " + c + " acknowledged twice");
            assertTrue(board.liveShapeCount(DrawingTeacher.PAGE) <= drawn.size(), "class " + c + "'s board holds shapes nobody drew");
            assertEquals(List.of(), drawer.errors());
            String digest = board.digest();
            awaitTrue("class " + c + "'s watcher converged on the room's board", Duration.ofSeconds(20),
                    () -> watcher.settled() && watcher.digest().equals(digest));
        }
    }

    private Welcome joinFresh(CreateRoomResponse room) {
        try (WsClient late = WsClient.connect(nextLive().webSocket(room.getRoomId(), room.getStudent().getToken()))) {
            return late.join(room.getStudent().getToken(), "vérification");
        }
    }

    private List<Integer> acknowledgedCounts() {
        List<Integer> counts = new ArrayList<>();
        chatters.forEach(client -> counts.add(client.acknowledged().size()));
        drawers.forEach(drawer -> counts.add(drawer.acknowledged().size()));
        return counts;
    }

    /**
     * {@code members} Up and every one reachable, as {@code asked} sees them. From /metrics rather than
     * /api/v1/cluster, which waits for every shard region and so answers slowly while one is unreachable.
     */
    private static boolean whole(NodeProcess asked, int members) {
        return meter(asked, "ardoise_members_up", "") == members && meter(asked, "ardoise_members_unreachable", "") == 0;
    }

    /** A meter's value on {@code node}'s /metrics, with {@code label} among its labels; -1 while it does not answer. */
    private static double meter(NodeProcess node, String name, String label) {
        String metrics;
        try {
            metrics = node.get("/metrics").body();
        } catch (IllegalStateException notAnswering) {
            return -1;
        }
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*" + Pattern.quote(label) + "[^}]*})? ([0-9.E+-]+)$")
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : -1;
    }
}
