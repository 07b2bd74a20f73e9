package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.HealingBoard;
import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.NodeClasses;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fast path's one new failure (protocol/WHITEBOARD.md, "Live batches"): a teacher's batch reaches the
 * students live, then the class's node is killed (kill -9) before the batch is written, and its author is gone.
 * The nodes gather writes for 10 s (ARDOISE_GROUP_COMMIT_WINDOW), so the kill lands between relay and write
 * every time. One student was on the killed node and resumes on another; the other's session outlives the
 * class and reattaches to it where it restarts. Both find the lost batch, take the board again, and end with
 * the board of someone joining afterwards: the batch written before the kill, not the lost one.
 */
@NodeProcesses
class LiveBatchHealingTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final String PAGE = "room:1";

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void a_batch_seen_live_and_lost_with_its_node_leaves_every_board_and_they_converge() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(3);
        List<Integer> seeds = ports.stream().map(p -> p[1]).toList();
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("live-" + i, ports.get(i), seeds, keyspace,
                    Map.of("ARDOISE_GROUP_COMMIT_WINDOW", "10s")));
        }
        nodes.forEach(node -> node.awaitReady(READY));
        NodeProcess.awaitTakingClasses(nodes, Duration.ofSeconds(60));

        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(nodes.get(0).post("/api/v1/rooms", "{\"title\":\"tableau\"}").body(), created);
        CreateRoomResponse room = created.build();
        String roomId = room.getRoomId();
        WsClient teacher = WsClient.connect(nodes.get(0).webSocket(roomId, room.getTeacher().getToken()));
        clients.add(teacher);
        Welcome teacherWelcome = teacher.join(room.getTeacher().getToken(), "prof");
        NodeProcess home = nodes.stream().filter(node -> runsClass(node, roomId)).findFirst().orElseThrow();
        NodeProcess elsewhere = nodes.stream().filter(node -> node != home).findFirst().orElseThrow();

        // The one whose session stays asks for written marks, as the browser does: the live batches its session
        // passed on before the class restarted must not stand for the writes of the class that came back.
        HealingBoard onHome = watcher(room, "élève A", home, false);
        HealingBoard onOther = watcher(room, "élève B", elsewhere, true);
        awaitTrue("both students in", Duration.ofSeconds(30), () -> onHome.settled() && onOther.settled());

        LocalAuthor author = new LocalAuthor(teacherWelcome.getParticipantId(),
                WhiteboardDoc.fromProto(teacherWelcome.getRoom().getWhiteboard()));
        String kept = author.newId();
        long keptSeq = teacher.send(ClientFrame.newBuilder().setWhiteboard(rectangle(author, kept)));
        long written = teacher.await(f -> f.hasAck() && f.getAck().getClientSeq() == keptSeq).getAck().getSeq();
        assertTrue(written > 0, "the first batch is written and acknowledged");

        String lost = author.newId();
        long lostSeq = teacher.send(ClientFrame.newBuilder().setWhiteboard(rectangle(author, lost)));
        awaitTrue("both students see the second batch live", Duration.ofSeconds(5),
                () -> onHome.shows(PAGE, lost) && onOther.shows(PAGE, lost));
        assertEquals(List.of(kept, lost), onOther.seenLive(), "the students saw both batches before their writes");
        home.kill();
        teacher.abort();
        assertTrue(teacher.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.hasAck() && f.getAck().getClientSeq() == lostSeq),
                "the second batch was never acknowledged");

        String boardBefore = onOther.digest();
        awaitTrue("both students healed their boards", Duration.ofSeconds(90), () ->
                onHome.settled() && onOther.settled() && !onHome.shows(PAGE, lost) && !onOther.shows(PAGE, lost));
        Welcome fresh = joinFresh(room);
        String roomDigest = WhiteboardDoc.fromProto(fresh.getRoom().getWhiteboard()).digest();
        assertEquals(roomDigest, onHome.digest(), "the student who was on the killed node converged");
        assertEquals(roomDigest, onOther.digest(), "the student whose session reattached converged");
        assertNotEquals(roomDigest, boardBefore, "the lost batch had changed the boards");
        assertTrue(onHome.shows(PAGE, kept) && onOther.shows(PAGE, kept), "the acknowledged batch stays");
        assertFalse(WhiteboardDoc.fromProto(fresh.getRoom().getWhiteboard()).shape(PAGE, lost).isPresent(),
                "the lost batch was never written");
        assertTrue(onHome.resyncs() >= 1 && onOther.resyncs() >= 1, "each took the board again");
    }

    private HealingBoard watcher(CreateRoomResponse room, String name, NodeProcess first, boolean writtenMarks) {
        AtomicInteger turn = new AtomicInteger();
        Supplier<URI> nextNode = () -> {
            if (turn.getAndIncrement() == 0) {
                return first.webSocket(room.getRoomId(), room.getStudent().getToken());
            }
            List<NodeProcess> live = nodes.stream().filter(NodeProcess::isAlive).toList();
            return live.get(turn.get() % live.size()).webSocket(room.getRoomId(), room.getStudent().getToken());
        };
        HealingBoard board = new HealingBoard(room.getRoomId(), room.getStudent().getToken(), name, nextNode, writtenMarks);
        clients.add(board);
        board.connect();
        return board;
    }

    private static WhiteboardBatch.Builder rectangle(LocalAuthor author, String shapeId) {
        WhiteboardOp op = author.stamp(WhiteboardOp.newBuilder().setPage(PAGE).setCreateShape(CreateShape.newBuilder()
                .setShapeId(shapeId).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                .setProps(ShapeProps.newBuilder().setX(100).setY(100).setWidth(400).setHeight(300)
                        .setStrokeColor("#1e1e1e").setStrokeWidth(20).setOpacity(100).setZIndex("a0"))).build());
        return WhiteboardBatch.newBuilder().addOps(op);
    }

    private static boolean runsClass(NodeProcess node, String roomId) {
        return node.cluster().getNodesList().stream().filter(n -> n.getAddress().equals(node.address()))
                .map(NodeClasses::getClassesList).anyMatch(classes -> classes.contains(roomId));
    }

    private Welcome joinFresh(CreateRoomResponse room) {
        NodeProcess node = nodes.stream().filter(NodeProcess::isAlive).findFirst().orElseThrow();
        try (WsClient late = WsClient.connect(node.webSocket(room.getRoomId(), room.getStudent().getToken()))) {
            return late.join(room.getStudent().getToken(), "vérification");
        }
    }
}
