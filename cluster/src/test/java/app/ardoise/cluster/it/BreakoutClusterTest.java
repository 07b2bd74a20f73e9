package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.BreakoutAssignment;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CloseBreakouts;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.GoToBreakout;
import app.ardoise.protocol.v1.NodeClasses;
import app.ardoise.protocol.v1.OpenBreakouts;
import app.ardoise.protocol.v1.PageState;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Breakout groups on three real node JVMs: the groups of one class are classes of their own, spread over more than
 * one node; a group whose node is killed (kill -9) starts again on another with its board, its student keeps
 * drawing in it, and once the teacher closes the groups the student is sent back and the class's board holds the
 * group's drawing as a page. A student cannot open another group with the token of their own.
 */
@NodeProcesses
class BreakoutClusterTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final int GROUPS = 8;
    private static final int STUDENTS = 4;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<WsClient> sockets = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        sockets.forEach(WsClient::close);
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void groups_spread_over_the_nodes_and_one_outlives_its_node() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(3);
        List<Integer> seeds = List.of(ports.get(0)[1], ports.get(1)[1], ports.get(2)[1]);
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("node-" + i, ports.get(i), seeds, keyspace));
        }
        nodes.forEach(node -> node.awaitReady(READY));
        NodeProcess.awaitTakingClasses(nodes, Duration.ofSeconds(60));

        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(nodes.get(0).post("/api/v1/rooms", "{\"title\":\"Histoire\"}").body(), created);
        String classId = created.getRoomId();
        NodeProcess classNode = nodeOf(classId);
        WsClient teacher = open(classNode, classId, created.getTeacher().getToken());
        teacher.join(created.getTeacher().getToken(), "Mme Roux");
        List<WsClient> students = new ArrayList<>();
        for (int i = 0; i < STUDENTS; i++) {
            WsClient student = open(classNode, classId, created.getStudent().getToken());
            student.join(created.getStudent().getToken(), "élève " + i);
            students.add(student);
        }

        teacher.send(ClientFrame.newBuilder().setOpenBreakouts(OpenBreakouts.newBuilder()
                .setAssignment(BreakoutAssignment.BREAKOUT_ASSIGNMENT_RANDOM).setCount(GROUPS).setDurationMs(600_000)));
        List<GoToBreakout> assigned = new ArrayList<>();
        for (WsClient student : students) {
            assigned.add(student.await(ServerFrame::hasGoToBreakout).getGoToBreakout());
        }
        Set<String> groupRooms = new HashSet<>();
        for (int n = 1; n <= GROUPS; n++) {
            groupRooms.add(classId + "~g" + n);
        }
        awaitTrue("every group runs", Duration.ofSeconds(30), () -> running(groupRooms).size() == GROUPS);
        Set<String> groupNodes = new HashSet<>(running(groupRooms).values());
        assertTrue(groupNodes.size() > 1, "the groups of one class run on more than one node: " + running(groupRooms));

        // The group to outlive its node: one of a student's, on a node that holds neither the class nor the sockets.
        GoToBreakout doomed = null;
        WsClient drawer = null;
        NodeProcess victim = null;
        for (int i = 0; i < STUDENTS && doomed == null; i++) {
            String node = running(groupRooms).get(assigned.get(i).getGroupId());
            if (!node.equals(classNode.address())) {
                doomed = assigned.get(i);
                victim = nodes.stream().filter(n -> n.address().equals(node)).findFirst().orElseThrow();
                drawer = students.get(i);
            }
        }
        if (doomed == null) {
            fail("every student's group runs with the class: " + running(groupRooms));
        }
        NodeProcess safe = classNode;
        WsClient inGroup = open(safe, doomed.getGroupId(), doomed.getToken());
        Welcome groupWelcome = inGroup.join(doomed.getToken(), "");
        assertEquals(drawer.welcome().getParticipantId(), groupWelcome.getParticipantId(), "the same participant");
        assertEquals(doomed.getGroupId(), classId + "~" + groupWelcome.getRoom().getBreakoutGroupId());
        drawer.close();

        GoToBreakout mine = doomed;
        String otherGroup = groupRooms.stream().filter(id -> !id.equals(mine.getGroupId())).findFirst().orElseThrow();
        refusedWithOwnToken(safe, otherGroup, mine.getToken());

        String me = groupWelcome.getParticipantId();
        long lamport = groupWelcome.getRoom().getWhiteboard().getMaxLamport();
        drawAcknowledged(inGroup, stroke(me, ++lamport, "a"));
        victim.kill();
        drawAcknowledged(inGroup, stroke(me, ++lamport, "b"));
        String movedTo = running(groupRooms).get(mine.getGroupId());
        assertTrue(movedTo != null && !movedTo.equals(victim.address()), "the group runs elsewhere now: " + movedTo);

        teacher.send(ClientFrame.newBuilder().setCloseBreakouts(CloseBreakouts.getDefaultInstance()));
        assertEquals(classId, inGroup.await(ServerFrame::hasBreakoutOver).getBreakoutOver().getClassId());
        String groupName = mine.getName();
        awaitTrue("the group's board is a page of the class's", Duration.ofSeconds(30), () -> {
            try (WsClient late = WsClient.connect(safe.webSocket(classId, created.getStudent().getToken()))) {
                Welcome seen = late.join(created.getStudent().getToken(), "vérification");
                return seen.getRoom().getWhiteboard().getPagesList().stream()
                        .anyMatch(page -> page.getTitle().getValue().equals(groupName) && live(page) == 2);
            }
        });
    }

    /** A student's own group token opens no other group: the upgrade is refused (403, another class). */
    private void refusedWithOwnToken(NodeProcess node, String otherGroup, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                node.http("/ws/rooms/" + otherGroup + "?token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode(), response.body());
    }

    /** Sends the batch again until the group acknowledges it: while the group moves, it may answer nothing. */
    private static void drawAcknowledged(WsClient socket, WhiteboardBatch batch) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long seq = socket.send(ClientFrame.newBuilder().setWhiteboard(batch));
            for (ServerFrame frame : socket.drain(Duration.ofSeconds(2))) {
                if (frame.hasAck() && frame.getAck().getClientSeq() == seq && frame.getAck().getSeq() > 0) {
                    return;
                }
                if (frame.hasError() && frame.getError().getClientSeq() == seq
                        && !frame.getError().getCode().equals(ErrorCode.UNAVAILABLE)) {
                    fail("refused: " + frame.getError());
                }
            }
        }
        fail("the group never acknowledged the drawing");
    }

    private static WhiteboardBatch stroke(String author, long lamport, String name) {
        return WhiteboardBatch.newBuilder().addOps(WhiteboardOp.newBuilder().setId(author + ":op-" + name)
                .setLamport(lamport).setClientId(author).setPage("room:1")
                .setCreateShape(CreateShape.newBuilder().setShapeId(author + ":" + name).setKind(ShapeKind.SHAPE_KIND_PEN)
                        .addAllPoints(List.of(0, 0, 40, 40)).setProps(ShapeProps.newBuilder().setStrokeColor("#336699"))))
                .build();
    }

    private static long live(PageState page) {
        return page.getShapesList().stream().filter(shape -> shape.getLife().getAlive()).count();
    }

    private WsClient open(NodeProcess node, String roomId, String token) {
        WsClient socket = WsClient.connect(node.webSocket(roomId, token));
        sockets.add(socket);
        return socket;
    }

    /** Where each of these rooms runs now, by the address of its node, asked of a live node. */
    private Map<String, String> running(Set<String> roomIds) {
        NodeProcess asked = nodes.stream().filter(NodeProcess::isAlive).findFirst().orElseThrow();
        Map<String, String> where = new HashMap<>();
        for (NodeClasses node : asked.cluster().getNodesList()) {
            node.getClassesList().stream().filter(roomIds::contains).forEach(id -> where.put(id, node.getAddress()));
        }
        return where;
    }

    private NodeProcess nodeOf(String roomId) throws InterruptedException {
        awaitTrue("the class runs", Duration.ofSeconds(30), () -> running(Set.of(roomId)).containsKey(roomId));
        String address = running(Set.of(roomId)).get(roomId);
        return nodes.stream().filter(n -> n.address().equals(address)).findFirst().orElseThrow();
    }
}
