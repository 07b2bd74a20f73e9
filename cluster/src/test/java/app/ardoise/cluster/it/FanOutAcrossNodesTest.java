package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.ServerFrames;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.NodeClasses;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One class whose sessions are spread over three real node JVMs. Each write reaches the two other nodes in one
 * remote message each, whatever their sessions (ardoise_room_remote_messages_total on the class's node), and every
 * session sees every event once and in order: the teacher's, on another node, its acks and broadcasts through one
 * relay; after the class moves (its node drained), sessions now beside it told directly, the others relayed.
 */
@NodeProcesses
class FanOutAcrossNodesTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final int STUDENTS_PER_NODE = 8;
    private static final int CHATS = 10;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Student> students = new ArrayList<>();
    private WsClient teacher;

    @AfterEach
    void stopEverything() {
        students.forEach(student -> student.socket.close());
        if (teacher != null) {
            teacher.close();
        }
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void each_write_is_one_message_per_node_and_every_session_sees_every_event_in_order() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(3);
        List<Integer> seeds = List.of(ports.get(0)[1], ports.get(1)[1], ports.get(2)[1]);
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("fan-out-" + i, ports.get(i), seeds, keyspace));
        }
        nodes.forEach(node -> node.awaitReady(READY));
        NodeProcess.awaitTakingClasses(nodes, Duration.ofSeconds(60));

        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(nodes.get(0).post("/api/v1/rooms", "{\"title\":\"Physique\"}").body(), created);
        String classId = created.getRoomId();
        NodeProcess classNode = nodeRunning(classId, null);
        List<NodeProcess> others = nodes.stream().filter(node -> node != classNode).toList();
        String teacherToken = created.getTeacher().getToken();
        teacher = WsClient.connect(others.get(0).webSocket(classId, teacherToken));
        teacher.join(teacherToken, "M. Lambert");
        for (NodeProcess node : nodes) {
            for (int i = 0; i < STUDENTS_PER_NODE; i++) {
                students.add(Student.join(node, classId, created.getStudent().getToken(), node.name() + " élève " + i));
            }
        }
        students.forEach(Student::readAll);
        teacher.drain(Duration.ofMillis(300));

        double messagesBefore = meter(classNode, "ardoise_room_remote_messages_total");
        double bytesBefore = meter(classNode, "ardoise_room_remote_bytes_total");
        for (int i = 0; i < CHATS; i++) {
            chatAcknowledged("message " + i);
        }
        List<String> firstHalf = IntStream.range(0, CHATS).mapToObj(i -> "message " + i).toList();
        for (Student student : students) {
            student.awaitChat(firstHalf);
        }
        double messages = meter(classNode, "ardoise_room_remote_messages_total") - messagesBefore;
        double bytes = meter(classNode, "ardoise_room_remote_bytes_total") - bytesBefore;
        System.out.printf("fan-out: %d sessions on 3 nodes, %d writes: %.0f remote messages, %.0f bytes from the class's node%n",
                students.size() + 1, CHATS, messages, bytes);
        // Each write: one FanOut to each other node (its broadcast), and the teacher's ack through its node's relay.
        assertEquals(3.0 * CHATS, messages, "remote messages for " + CHATS + " writes to "
                + 2 * STUDENTS_PER_NODE + " remote students and a remote teacher");

        // The class moves: its node drains, and its students with it.
        classNode.terminate();
        students.removeIf(student -> {
            if (student.node == classNode) {
                student.socket.close();
                return true;
            }
            return false;
        });
        NodeProcess movedTo = nodeRunning(classId, classNode);
        messagesBefore = meter(movedTo, "ardoise_room_remote_messages_total");
        for (int i = CHATS; i < 2 * CHATS; i++) {
            chatAcknowledged("message " + i);
        }
        List<String> all = IntStream.range(0, 2 * CHATS).mapToObj(i -> "message " + i).toList();
        for (Student student : students) {
            student.awaitChat(all);
        }
        messages = meter(movedTo, "ardoise_room_remote_messages_total") - messagesBefore;
        assertTrue(messages <= 2.0 * CHATS, "after the move, one node beside the class and one relayed: " + messages);
    }

    /** Sends until acknowledged: while the class moves, the room answers "send again". */
    private void chatAcknowledged(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long clientSeq = teacher.chat(text);
            ServerFrame answer = teacher.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == clientSeq
                    || frame.hasError() && frame.getError().getClientSeq() == clientSeq);
            if (answer.hasAck()) {
                return;
            }
            assertEquals(ErrorCode.UNAVAILABLE, answer.getError().getCode(), answer.toString());
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("\"" + text + "\" never acknowledged");
    }

    /** The node the class runs on, once it runs on one other than {@code not}. */
    private NodeProcess nodeRunning(String classId, NodeProcess not) throws InterruptedException {
        String[] where = new String[1];
        awaitTrue("the class runs", Duration.ofSeconds(60), () -> {
            NodeProcess asked = nodes.stream().filter(node -> node != not && node.isAlive()).findFirst().orElseThrow();
            where[0] = asked.cluster().getNodesList().stream().filter(node -> node.getClassesList().contains(classId))
                    .map(NodeClasses::getAddress).findFirst().orElse(null);
            return where[0] != null && (not == null || !where[0].equals(not.address()));
        });
        return nodes.stream().filter(node -> node.address().equals(where[0])).findFirst().orElseThrow();
    }

    private static double meter(NodeProcess node, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+-]+)$").matcher(node.get("/metrics").body());
        assertTrue(line.find(), name + " missing from /metrics of " + node.name());
        return Double.parseDouble(line.group(1));
    }

    /** A student as its client sees the class: each event's seq must follow the last, as a browser requires. */
    private static final class Student {
        final NodeProcess node;
        final WsClient socket;
        final List<String> chat = new ArrayList<>();
        long lastSeq;

        private Student(NodeProcess node, WsClient socket) {
            this.node = node;
            this.socket = socket;
            this.lastSeq = socket.welcome().getLastSeq();
            socket.welcome().getRoom().getChatList().stream().map(ChatMessage::getText).forEach(chat::add);
        }

        static Student join(NodeProcess node, String classId, String token, String name) {
            WsClient socket = WsClient.connect(node.webSocket(classId, token));
            socket.join(token, name);
            return new Student(node, socket);
        }

        void readAll() {
            try {
                socket.drain(Duration.ofMillis(200)).forEach(this::read);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void awaitChat(List<String> expected) {
            while (chat.size() < expected.size()) {
                read(socket.next());
            }
            assertEquals(expected, chat, "the chat as " + socket.welcome().getParticipantId() + " on " + node.name() + " saw it");
        }

        private void read(ServerFrame frame) {
            if (frame.hasWelcome()) {
                // A resume the server answered whole: its chat is the class's, up to its last seq.
                lastSeq = frame.getWelcome().getLastSeq();
                chat.clear();
                frame.getWelcome().getRoom().getChatList().stream().map(ChatMessage::getText).forEach(chat::add);
            }
            for (RoomEvent event : ServerFrames.eventsOf(frame)) {
                assertTrue(event.getSeq() > lastSeq, "event " + event.getSeq() + " after " + lastSeq + " on " + node.name());
                lastSeq = event.getSeq();
                if (event.hasChat()) {
                    chat.add(event.getChat().getText());
                }
            }
        }
    }
}
