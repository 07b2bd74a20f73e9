package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.bench.ReconnectingClient;
import app.ardoise.cluster.support.JournalChat;
import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClassTimer;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.ControlTimer;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.NodeClasses;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.TimerAction;
import app.ardoise.protocol.v1.TimerMode;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real node JVMs on one Cassandra, classes with a teacher and a student chatting on different
 * nodes, each class with a countdown running. A node is killed (kill -9), a fourth joins, another is
 * drained (SIGTERM): clients reconnect to live nodes and resume, and in the end every class holds each
 * acknowledged message exactly once, both its participants saw the same thing, and its countdown still runs
 * from the time it was started (the event's, kept in the journal), wherever the class went.
 */
@NodeProcesses
class ClusterFailoverTest {
    private static final int CLASSES = 9;
    private static final Duration READY = Duration.ofSeconds(120);

    private final ChattingClasses cluster = new ChattingClasses();
    private final List<NodeProcess> nodes = cluster.nodes;
    private final List<ReconnectingClient> clients = cluster.clients;

    @AfterEach
    void stopEverything() {
        cluster.close();
    }

    @Test
    void nodes_die_join_and_drain_and_no_acknowledged_message_is_lost_or_doubled() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(4);
        List<Integer> seeds = List.of(ports.get(0)[1], ports.get(1)[1], ports.get(2)[1]);
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("node-" + i, ports.get(i), seeds, keyspace));
        }
        nodes.forEach(node -> node.awaitReady(READY));
        NodeProcess.awaitTakingClasses(nodes, Duration.ofSeconds(60));

        List<CreateRoomResponse> rooms = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
            JsonFormat.parser().merge(nodes.get(0).post("/api/v1/rooms", "{\"title\":\"classe " + c + "\"}").body(), room);
            rooms.add(room.build());
            cluster.participant(room.getRoomId(), room.getTeacher().getToken(), "prof " + c);
            cluster.participant(room.getRoomId(), room.getStudent().getToken(), "élève " + c);
        }
        List<Long> timersStarted = new ArrayList<>();
        for (CreateRoomResponse room : rooms) {
            timersStarted.add(startCountdown(cluster.nextLive(), room));
        }
        cluster.joinAll();
        // Teachers every tick, students every other.
        cluster.chatEvery(Duration.ofMillis(400), (i, n) -> i % 2 == 0 || n % 2 == 0);
        TimeUnit.SECONDS.sleep(3);

        // A student of a class of the node about to die, connected elsewhere, chats and raises a hand as the node dies
        // and never sends either again: both are lost on their way, and the session sends them again once the class
        // runs elsewhere.
        CreateRoomResponse doomed = rooms.stream().filter(room -> runsOn(nodes.get(1), room.getRoomId())).findFirst().orElseThrow();
        try (WsClient witness = WsClient.connect(nodes.get(0).webSocket(doomed.getRoomId(), doomed.getStudent().getToken()))) {
            witness.join(doomed.getStudent().getToken(), "témoin");
            nodes.get(1).kill();
            long killed = System.nanoTime();
            long lost = witness.send(ClientFrame.newBuilder().setChat(Chat.newBuilder()
                    .setText("pendant la panne").setClientMessageId("witness-1")));
            long hand = witness.send(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
            List<Integer> before = cluster.acknowledgedCounts();
            awaitTrue("every class acknowledges chat again after the kill", Duration.ofSeconds(45), () -> {
                List<Integer> now = cluster.acknowledgedCounts();
                for (int c = 0; c < CLASSES; c++) {
                    if (now.get(2 * c) <= before.get(2 * c)) {
                        return false;
                    }
                }
                return true;
            });
            System.out.printf("failover: every class served again %.1f s after kill -9%n", (System.nanoTime() - killed) / 1e9);
            awaitAck(witness, lost, Duration.ofSeconds(20));
            System.out.printf("failover: the chat sent as the node died acknowledged %.1f s after kill -9%n",
                    (System.nanoTime() - killed) / 1e9);
            awaitAck(witness, hand, Duration.ofSeconds(20));
        }

        nodes.add(NodeProcess.start("node-3", ports.get(3), seeds, keyspace));
        nodes.get(3).awaitReady(READY);
        awaitTrue("the new node gets shards", Duration.ofSeconds(30), () -> shardsOn(nodes.get(0), nodes.get(3)) > 0);
        TimeUnit.SECONDS.sleep(2);

        nodes.get(2).terminate();
        TimeUnit.SECONDS.sleep(4);
        cluster.stopChatting();

        for (int c = 0; c < CLASSES; c++) {
            ReconnectingClient teacher = clients.get(2 * c);
            ReconnectingClient student = clients.get(2 * c + 1);
            Welcome fresh = joinFresh(rooms.get(c));
            awaitTrue("class " + c + "'s participants caught up", Duration.ofSeconds(30),
                    () -> teacher.lastSeq() >= fresh.getLastSeq() && student.lastSeq() >= fresh.getLastSeq());
            // The journal, not the Welcome: a Welcome holds the last chat-kept (200) messages, and a slow run chats more.
            List<String> kept = JournalChat.texts(nodes.get(0).http("/api/v1/rooms/" + rooms.get(c).getRoomId() + "/replay"),
                    rooms.get(c).getTeacher().getToken());
            assertEquals(kept.size(), new HashSet<>(kept).size(), "class " + c + " holds a message twice: " + kept);
            Set<String> acknowledged = new HashSet<>(teacher.acknowledged());
            acknowledged.addAll(student.acknowledged());
            assertTrue(kept.containsAll(acknowledged), "class " + c + " lost acknowledged messages");
            assertEquals(kept, teacher.chatSeen(), "the teacher of class " + c + " saw another history");
            assertEquals(kept, student.chatSeen(), "the student of class " + c + " saw another history");
            assertEquals(List.of(), teacher.errors());
            assertEquals(List.of(), student.errors());
            ClassTimer timer = fresh.getRoom().getTimer();
            assertTrue(timer.getRunning(), "class " + c + "'s countdown stopped");
            assertEquals(timersStarted.get(c), timer.getStartedAtMs(), "class " + c + "'s countdown restarted on its way");
        }
    }

    /** A ten-minute countdown, started by the class's teacher; answers the server's time of its start. */
    private static long startCountdown(NodeProcess node, CreateRoomResponse room) {
        String token = room.getTeacher().getToken();
        try (WsClient teacher = WsClient.connect(node.webSocket(room.getRoomId(), token))) {
            teacher.join(token, "minuteur");
            teacher.send(ClientFrame.newBuilder().setControlTimer(ControlTimer.newBuilder().setAction(TimerAction.TIMER_ACTION_START)
                    .setMode(TimerMode.TIMER_MODE_COUNTDOWN).setDurationMs(600_000)));
            return teacher.await(f -> f.hasEvent() && f.getEvent().hasTimerChanged()).getEvent().getTimeMs();
        }
    }

    private Welcome joinFresh(CreateRoomResponse room) throws Exception {
        NodeProcess node = cluster.nextLive();
        try (var late = WsClient.connect(node.webSocket(room.getRoomId(),
                room.getStudent().getToken()))) {
            return late.join(room.getStudent().getToken(), "vérification");
        }
    }

    /** Its Ack, whatever else the class sends meanwhile; an error for it, or no Ack in time, fails. */
    private static void awaitAck(WsClient client, long clientSeq, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            ServerFrame frame = client.next();
            if (frame.hasAck() && frame.getAck().getClientSeq() == clientSeq && frame.getAck().getSeq() > 0) {
                return;
            }
            assertFalse(frame.hasError() && frame.getError().getClientSeq() == clientSeq, "refused: " + frame.getError());
        }
        throw new AssertionError("no Ack for client_seq " + clientSeq + " within " + within);
    }

    private static boolean runsOn(NodeProcess node, String roomId) {
        return node.cluster().getNodesList().stream().anyMatch(n -> n.getAddress().equals(node.address())
                && n.getClassesList().contains(roomId));
    }

    private static int shardsOn(NodeProcess asked, NodeProcess node) {
        return asked.cluster().getNodesList().stream().filter(n -> n.getAddress().equals(node.address()))
                .mapToInt(NodeClasses::getShardCount).sum();
    }
}
