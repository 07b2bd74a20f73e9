package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.AnswerPoll;
import app.ardoise.protocol.v1.AttendanceResponse;
import app.ardoise.protocol.v1.AttendanceRow;
import app.ardoise.protocol.v1.AttendanceSessionView;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.LowerHand;
import app.ardoise.protocol.v1.OpenPoll;
import app.ardoise.protocol.v1.PollKind;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scripted class over real WebSockets on a real node and the real Cassandra: known joins, a leave, a dropped
 * connection that comes back, messages, hands and a changed poll answer, then the class's end. Its attendance
 * (GET /api/v1/rooms/{id}/attendance) is checked against the times the room stamped on the events the teacher saw
 * and against the test's own clock; the closed session is in its table, in the CSV and the export, is erased with
 * the class, and is purged once older than the attendance retention (30 s here, with a purge every second).
 */
class AttendanceTest {
    private static final String CONFIG = """
            ardoise.retention.attendance = 30s
            ardoise.retention.purge-every = 1s
            """;
    private static TestNode node;
    private static CqlSession cql;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestCassandra.freshKeyspace(), CONFIG);
        cql = TestCassandra.shared().openSession();
    }

    @AfterAll
    static void stop() {
        cql.close();
        node.close();
    }

    @Test
    void a_scripted_class_has_the_attendance_its_events_say_and_it_is_purged_after_its_retention() throws Exception {
        CreateRoomResponse room = node.createRoom("Sciences 5C");
        String roomId = room.getRoomId();
        String student = room.getStudent().getToken();
        long scriptStarted = System.currentTimeMillis();
        long zoeJoined;
        long zoeLeft;
        long yanisJoined;
        long yanisDropped;
        long yanisBack;
        long ended;
        try (WsClient teacher = node.connect(roomId, room.getTeacher().getToken())) {
            Welcome prof = teacher.join(room.getTeacher().getToken(), "M. Durand");
            WsClient zoe = node.connect(roomId, student);
            Welcome zoeWelcome = zoe.join(student, "Zoé");
            zoeJoined = seen(teacher, event -> event.hasJoined() && event.getJoined().getParticipantId().equals(zoeWelcome.getParticipantId()));
            for (int i = 0; i < 3; i++) {
                acked(zoe, zoe.chat("question " + i));
            }
            acked(zoe, zoe.send(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance())));
            acked(zoe, zoe.send(ClientFrame.newBuilder().setLowerHand(LowerHand.getDefaultInstance())));
            acked(zoe, zoe.send(ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance())));

            WsClient yanis = node.connect(roomId, student);
            Welcome yanisWelcome = yanis.join(student, "Yanis");
            yanisJoined = seen(teacher, event -> event.hasJoined() && event.getJoined().getParticipantId().equals(yanisWelcome.getParticipantId()));
            teacher.send(ClientFrame.newBuilder().setOpenPoll(OpenPoll.newBuilder().setQuestion("Compris ?").setKind(PollKind.POLL_KIND_YES_NO)));
            String pollId = yanis.await(frame -> frame.hasEvent() && frame.getEvent().hasPollOpened()).getEvent().getPollOpened().getPoll().getId();
            acked(yanis, yanis.send(ClientFrame.newBuilder().setAnswerPoll(AnswerPoll.newBuilder().setPollId(pollId).addChoices(0))));
            acked(yanis, yanis.send(ClientFrame.newBuilder().setAnswerPoll(AnswerPoll.newBuilder().setPollId(pollId).addChoices(1))));
            acked(yanis, yanis.chatTo(prof.getParticipantId(), "je n'ai pas compris"));

            Thread.sleep(1500);
            zoe.send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
            zoeLeft = seen(teacher, event -> event.hasLeft() && event.getLeft().getParticipantId().equals(zoeWelcome.getParticipantId()));
            zoe.close();
            yanis.abort();
            yanisDropped = seen(teacher, event -> event.hasDisconnected()
                    && event.getDisconnected().getParticipantId().equals(yanisWelcome.getParticipantId()));
            Thread.sleep(1000);

            AttendanceSessionView live = attendance(roomId, "Bearer " + TestNode.API_KEY).getSessions(0);
            assertTrue(live.getOpen(), "the session is open while the class runs");
            Map<String, AttendanceRow> now = byName(live);
            assertEquals(zoeLeft - zoeJoined, now.get("Zoé").getPresentMs());
            assertEquals(zoeLeft, now.get("Zoé").getLeftAtMs());
            assertEquals(yanisDropped, now.get("Yanis").getLeftAtMs(), "a dropped connection is a leave until it comes back");

            WsClient back = node.connect(roomId, student);
            back.resume(roomId, yanisWelcome, yanisWelcome.getLastSeq());
            yanisBack = seen(teacher, event -> event.hasConnected()
                    && event.getConnected().getParticipantId().equals(yanisWelcome.getParticipantId()));
            Thread.sleep(700);
            teacher.send(ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
            ended = seen(teacher, RoomEvent::hasClassEnded);
            back.close();
        }
        long scriptEnded = System.currentTimeMillis();

        AttendanceResponse sheet = closed(roomId, 1, "Bearer " + room.getTeacher().getToken());
        assertEquals(1, sheet.getSessionsCount());
        AttendanceSessionView session = sheet.getSessions(0);
        assertFalse(session.getOpen());
        assertEquals(ended, session.getEndedAtMs());
        assertTrue(session.getStartedAtMs() >= scriptStarted && session.getStartedAtMs() <= zoeJoined, "opened by the teacher's join");
        Map<String, AttendanceRow> rows = byName(session);
        assertEquals(3, rows.size());

        AttendanceRow zoe = rows.get("Zoé");
        assertEquals("student", zoe.getRole());
        assertEquals(zoeJoined, zoe.getJoinedAtMs());
        assertEquals(zoeLeft, zoe.getLeftAtMs());
        assertEquals(zoeLeft - zoeJoined, zoe.getPresentMs());
        assertTrue(zoe.getPresentMs() >= 1500 && zoe.getPresentMs() < 1500 + (scriptEnded - scriptStarted),
                "Zoé stayed the 1.5 s the script waited: " + zoe.getPresentMs());
        assertEquals(3, zoe.getMessages());
        assertEquals(2, zoe.getHandsRaised());
        assertEquals(0, zoe.getPollAnswers());

        AttendanceRow yanis = rows.get("Yanis");
        assertEquals(yanisJoined, yanis.getJoinedAtMs());
        assertEquals(ended, yanis.getLeftAtMs());
        assertEquals((yanisDropped - yanisJoined) + (ended - yanisBack), yanis.getPresentMs(),
                "the time away between the drop and the resume is not present");
        assertTrue(yanisBack - yanisDropped >= 1000, "away for the second the script waited");
        assertEquals(1, yanis.getMessages(), "a private message counts");
        assertEquals(0, yanis.getHandsRaised());
        assertEquals(1, yanis.getPollAnswers(), "a changed answer is one poll answered");

        AttendanceRow prof = rows.get("M. Durand");
        assertEquals("teacher", prof.getRole());
        assertEquals(ended - prof.getJoinedAtMs(), prof.getPresentMs());
        assertEquals(0, prof.getTalkMs(), "no media in this class: no talk time");

        assertEquals(1, cql.execute("SELECT started_at FROM " + node.keyspace() + ".attendance WHERE room_id = ?", roomId)
                .all().size(), "the closed session is in its table");
        HttpResponse<String> forbidden = node.get("/api/v1/rooms/" + roomId + "/attendance", "Authorization", "Bearer " + student);
        assertEquals(403, forbidden.statusCode(), "a student does not see the class's attendance");
        assertEquals(403, node.get("/api/v1/rooms/" + roomId + "/attendance.csv", "Authorization", "Bearer " + student).statusCode());

        HttpResponse<String> csv = node.get("/api/v1/rooms/" + roomId + "/attendance.csv", "Authorization", "Bearer " + TestNode.API_KEY);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals("session_start,session_end,participant,role,joined,left,present_s,messages,hands_raised,poll_answers,talk_s,camera_s",
                lines[0]);
        assertEquals(4, lines.length);
        String zoeLine = java.util.Arrays.stream(lines).filter(line -> line.contains(",Zoé,")).findFirst().orElseThrow();
        assertTrue(zoeLine.endsWith("," + Math.round(zoe.getPresentMs() / 1000.0) + ",3,2,0,0,0"), zoeLine);

        assertTrue(exported(roomId).contains("\"name\": \"Zoé\""), "the export holds the session's attendance");

        try (WsClient again = node.connect(roomId, student)) {
            again.join(student, "Zoé");
            again.send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
            again.awaitClose();
        }
        AttendanceResponse two = closed(roomId, 2, "Bearer " + TestNode.API_KEY);
        assertEquals(2, two.getSessionsCount(), "the class's next session, closed when its roster emptied: " + two);
        assertEquals(1, two.getSessions(1).getParticipantsCount());

        long deadline = System.nanoTime() + 90_000_000_000L;
        int left = 2;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            left = cql.execute("SELECT started_at FROM " + node.keyspace() + ".attendance WHERE room_id = ?", roomId).all().size();
        }
        assertEquals(0, left, "sessions that ended longer ago than the attendance retention are purged");
        assertEquals(0, attendance(roomId, "Bearer " + TestNode.API_KEY).getSessionsCount());
    }

    @Test
    void deleting_a_class_erases_its_attendance() throws Exception {
        CreateRoomResponse room = node.createRoom("Effacée");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Mme Roux");
            teacher.send(ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
            seen(teacher, RoomEvent::hasClassEnded);
        }
        String select = "SELECT started_at FROM " + node.keyspace() + ".attendance WHERE room_id = ?";
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (cql.execute(select, room.getRoomId()).all().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(1, cql.execute(select, room.getRoomId()).all().size());
        HttpResponse<String> deleted = new app.ardoise.cluster.support.Browser().send("DELETE",
                node.http("/api/v1/rooms/" + room.getRoomId()), "", "Authorization", "Bearer " + room.getTeacher().getToken());
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(0, cql.execute(select, room.getRoomId()).all().size());
    }

    /** The time the room stamped on the first event the teacher sees that matches. */
    private static long seen(WsClient teacher, java.util.function.Predicate<RoomEvent> match) {
        return teacher.await(frame -> frame.hasEvent() && match.test(frame.getEvent())).getEvent().getTimeMs();
    }

    private static void acked(WsClient client, long clientSeq) {
        client.await(frame -> (frame.hasAck() && frame.getAck().getClientSeq() == clientSeq)
                || (frame.hasError() && frame.getError().getClientSeq() == clientSeq));
    }

    /** The attendance once the table holds {@code count} closed sessions: the node writes a session as it closes. */
    private static AttendanceResponse closed(String roomId, int count, String authorization) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        AttendanceResponse sheet = attendance(roomId, authorization);
        while (sheet.getSessionsList().stream().filter(session -> !session.getOpen()).count() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            sheet = attendance(roomId, authorization);
        }
        return sheet;
    }

    private static AttendanceResponse attendance(String roomId, String authorization) throws Exception {
        HttpResponse<String> response = node.get("/api/v1/rooms/" + roomId + "/attendance", "Authorization", authorization);
        assertEquals(200, response.statusCode(), response.body());
        AttendanceResponse.Builder sheet = AttendanceResponse.newBuilder();
        JsonFormat.parser().merge(response.body(), sheet);
        return sheet.build();
    }

    private static Map<String, AttendanceRow> byName(AttendanceSessionView session) {
        return session.getParticipantsList().stream().collect(Collectors.toMap(AttendanceRow::getName, Function.identity()));
    }

    private static String exported(String roomId) throws Exception {
        HttpResponse<byte[]> zip = node.getBytes("/api/v1/rooms/" + roomId + "/export", "Authorization", "Bearer " + TestNode.API_KEY);
        assertEquals(200, zip.statusCode());
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (entry.getName().equals("class.json")) {
                    return new String(entries.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no class.json in the export");
    }
}
