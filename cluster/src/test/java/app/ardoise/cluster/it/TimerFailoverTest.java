package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.v1.ClassTimer;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.ControlTimer;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.TimerAction;
import app.ardoise.protocol.v1.TimerMode;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs (so that the split brain resolver keeps a majority); a class with a running countdown
 * lives on one of them, which is killed (kill -9). The class comes back on another node with the same timer: its start time is the event's, kept in the
 * journal, so the time shown after the move goes on from where it was, neither restarted nor frozen.
 */
class TimerFailoverTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final long TEN_MINUTES = 600_000;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void a_running_countdown_keeps_its_time_when_its_node_is_killed() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(3);
        List<Integer> seeds = List.of(ports.get(0)[1], ports.get(1)[1], ports.get(2)[1]);
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("timer-" + i, ports.get(i), seeds, keyspace));
        }
        nodes.forEach(node -> node.awaitReady(READY));
        awaitTrue("three members up", Duration.ofSeconds(60), () -> nodes.get(0).cluster().getMembersList().stream()
                .filter(m -> m.getStatus().equals("Up")).count() == 3);

        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(nodes.get(0).post("/api/v1/rooms", "{\"title\":\"minuteur\"}").body(), created);
        CreateRoomResponse room = created.build();
        String roomId = room.getRoomId();
        String teacherToken = room.getTeacher().getToken();

        long startedAt;
        try (WsClient teacher = WsClient.connect(nodes.get(0).webSocket(roomId, teacherToken))) {
            teacher.join(teacherToken, "prof");
            long seq = teacher.send(ClientFrame.newBuilder().setControlTimer(ControlTimer.newBuilder()
                    .setAction(TimerAction.TIMER_ACTION_START).setMode(TimerMode.TIMER_MODE_COUNTDOWN)
                    .setDurationMs(TEN_MINUTES).setSound(true)));
            ServerFrame changed = teacher.await(f -> f.hasEvent() && f.getEvent().hasTimerChanged());
            teacher.await(f -> f.hasAck() && f.getAck().getClientSeq() == seq);
            startedAt = changed.getEvent().getTimeMs();
        }
        NodeProcess host = hostOf(roomId);
        NodeProcess survivor = nodes.stream().filter(n -> n != host).findFirst().orElseThrow();
        TimeUnit.SECONDS.sleep(2);

        host.kill();
        awaitTrue("the class answers on the surviving node", Duration.ofSeconds(60), () -> joinsOn(survivor, room));

        String studentToken = room.getStudent().getToken();
        try (WsClient student = WsClient.connect(survivor.webSocket(roomId, studentToken))) {
            Welcome welcome = student.join(studentToken, "élève");
            ClassTimer after = welcome.getRoom().getTimer();
            assertEquals(TimerMode.TIMER_MODE_COUNTDOWN, after.getMode());
            assertEquals(TEN_MINUTES, after.getDurationMs());
            assertTrue(after.getRunning(), "the countdown still runs after the move");
            assertTrue(after.getSound());
            assertEquals(startedAt, after.getStartedAtMs(), "the countdown runs from the event's time, not the recovery's");
            long shownElapsed = after.getElapsedMs() + welcome.getRoom().getServerTimeMs() - after.getStartedAtMs();
            assertTrue(shownElapsed >= 2_000 && shownElapsed < TEN_MINUTES,
                    "the time shown after the move goes on from the start: " + shownElapsed + " ms elapsed");
        }
    }

    private NodeProcess hostOf(String roomId) {
        return nodes.stream().filter(node -> nodes.get(0).cluster().getNodesList().stream()
                        .anyMatch(n -> n.getAddress().equals(node.address()) && n.getClassesList().contains(roomId)))
                .findFirst().orElseThrow(() -> new AssertionError("no node reports class " + roomId));
    }

    private static boolean joinsOn(NodeProcess node, CreateRoomResponse room) {
        try (WsClient probe = WsClient.connect(node.webSocket(room.getRoomId(), room.getStudent().getToken()))) {
            probe.join(room.getStudent().getToken(), "sonde");
            return true;
        } catch (RuntimeException | AssertionError notYet) {
            return false;
        }
    }
}
