package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.ProblemBody.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.Upgrade;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.NewLink;
import app.ardoise.protocol.v1.RenewLink;
import app.ardoise.protocol.v1.RenewLinkResponse;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEntryResponse;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ending a class and renewing its links over a real node: what every participant sees, what the API answers
 * with and without its key, and the upgrade's and the link check's verdicts on a renewed link.
 */
class ClassEndAndLinksTest {
    private final TestNode node = TestNode.shared();

    @Test
    void ending_the_class_closes_every_socket_and_the_same_link_starts_it_again() throws Exception {
        CreateRoomResponse room = node.createRoom("Ended");
        String student = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient one = node.connect(room.getRoomId(), student);
             WsClient two = node.connect(room.getRoomId(), student)) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            one.join(student, "One");
            two.join(student, "Two");
            teacher.chat("read chapter 3");
            two.send(ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
            assertEquals(ErrorCode.FORBIDDEN, two.await(ServerFrame::hasError).getError().getCode());

            teacher.send(ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
            for (WsClient client : new WsClient[] {teacher, one, two}) {
                client.await(f -> f.hasEvent() && f.getEvent().hasClassEnded());
                assertEquals(CloseCode.ENDED, client.awaitClose());
            }
        }
        RoomEntryResponse entry = entry(node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", student));
        assertTrue(entry.getEnded());
        try (WsClient next = node.connect(room.getRoomId(), student)) {
            Welcome welcome = next.join(student, "Next day");
            assertEquals(1, welcome.getRoom().getParticipantsCount(), "a new session of the class");
            assertEquals("read chapter 3", welcome.getRoom().getChat(0).getText(), "the chat stays");
            assertFalse(entry(node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", student)).getEnded());
        }
    }

    @Test
    void the_api_ends_a_class_with_its_key_only() {
        CreateRoomResponse room = node.createRoom("Ended by the API");
        String path = "/api/v1/rooms/" + room.getRoomId() + "/end";
        try (WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            student.join(room.getStudent().getToken(), "Student");
            assertEquals(401, node.post(path, "", null).statusCode());
            assertEquals(401, node.post(path, "", "wrong-key-123").statusCode());
            assertFalse(student.isClosed());

            HttpResponse<String> ended = node.post(path, "", TestNode.API_KEY);
            assertEquals(200, ended.statusCode(), ended.body());
            assertTrue(ended.body().contains("\"ended\":true"), ended.body());
            student.await(f -> f.hasEvent() && f.getEvent().hasClassEnded());
            assertEquals(CloseCode.ENDED, student.awaitClose());
        }
        assertEquals(404, node.post("/api/v1/rooms/nosuch-room/end", "", TestNode.API_KEY).statusCode());
    }

    @Test
    void a_renewed_student_link_is_refused_at_once_and_the_new_one_and_the_teachers_work() throws Exception {
        CreateRoomResponse room = node.createRoom("Renewed");
        String old = room.getStudent().getToken();
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient inside = node.connect(room.getRoomId(), old)) {
            teacher.join(room.getTeacher().getToken(), "Teacher");
            inside.join(old, "Inside");
            Welcome leaver;
            try (WsClient gone = node.connect(room.getRoomId(), old)) {
                leaver = gone.join(old, "Leaver");
                gone.send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
                gone.awaitClose();
            }

            inside.send(ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(Role.ROLE_STUDENT)));
            assertEquals(ErrorCode.FORBIDDEN, inside.await(ServerFrame::hasError).getError().getCode());
            teacher.send(ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(Role.ROLE_STUDENT)));
            NewLink renewed = teacher.await(ServerFrame::hasNewLink).getNewLink();
            assertEquals(Role.ROLE_STUDENT, renewed.getRole());
            String fresh = renewed.getToken();
            assertEquals(1, inside.await(f -> f.hasEvent() && f.getEvent().hasLinkRenewed())
                    .getEvent().getLinkRenewed().getGeneration());

            assertEquals(410, Upgrade.attempt(node.port(), wsPath(room, old), Map.of()).status());
            assertRefused(410, "link_revoked", node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", old));
            assertEquals("student", entry(node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", fresh)).getRole());

            try (WsClient late = node.connect(room.getRoomId(), fresh)) {
                late.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(old).setDisplayName("Intruder")));
                assertEquals(ErrorCode.LINK_REVOKED, late.await(ServerFrame::hasError).getError().getCode());
                late.resume(room.getRoomId(), leaver, leaver.getLastSeq());
                assertEquals(ErrorCode.LINK_REVOKED, late.await(ServerFrame::hasError).getError().getCode());
                Welcome invited = late.join(fresh, "Invited");
                assertEquals(2 + 1, invited.getRoom().getParticipantsCount());
                late.send(ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
                late.awaitClose();
                // Off the roster, who came in through the new link comes back: the resume token carries its generation.
                try (WsClient back = node.connect(room.getRoomId(), fresh)) {
                    back.resume(room.getRoomId(), invited, invited.getLastSeq());
                    assertEquals(invited.getParticipantId(), back.await(ServerFrame::hasWelcome).getWelcome().getParticipantId());
                }
            }
            // On the roster, who came in through the old link stays, and resumes after a drop.
            Welcome insider = inside.welcome();
            inside.abort();
            teacher.await(f -> f.hasEvent() && f.getEvent().hasDisconnected());
            try (WsClient back = node.connect(room.getRoomId(), fresh)) {
                back.resume(room.getRoomId(), insider, insider.getLastSeq());
                back.await(ServerFrame::hasAck);
                back.chat("still here");
                assertEquals("still here", teacher.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent().getChat().getText());
            }
            try (WsClient coTeacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
                assertEquals(Role.ROLE_TEACHER, coTeacher.join(room.getTeacher().getToken(), "Co-teacher").getRole());
            }
        }
    }

    @Test
    void the_api_renews_a_link_with_its_key_only() throws Exception {
        CreateRoomResponse room = node.createRoom("Renewed by the API");
        String path = "/api/v1/rooms/" + room.getRoomId() + "/links/teacher/renew";
        assertEquals(401, node.post(path, "", null).statusCode());
        assertEquals(401, node.post(path, "", "wrong-key-123").statusCode());
        assertEquals("teacher", entry(node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", room.getTeacher().getToken()))
                .getRole(), "the link works until renewed");

        HttpResponse<String> answer = node.post(path, "", TestNode.API_KEY);
        assertEquals(200, answer.statusCode(), answer.body());
        RenewLinkResponse.Builder renewed = RenewLinkResponse.newBuilder();
        JsonFormat.parser().merge(answer.body(), renewed);
        assertEquals("teacher", renewed.getRole());
        assertTrue(renewed.getLink().getUrl().endsWith("/c/" + room.getRoomId() + "#" + renewed.getLink().getToken()));

        assertRefused(410, "link_revoked", node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", room.getTeacher().getToken()));
        try (WsClient teacher = node.connect(room.getRoomId(), renewed.getLink().getToken())) {
            assertEquals(Role.ROLE_TEACHER, teacher.join(renewed.getLink().getToken(), "Teacher").getRole());
        }
        assertEquals("student", entry(node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", room.getStudent().getToken())).getRole());
        assertEquals(404, node.post("/api/v1/rooms/" + room.getRoomId() + "/links/parent/renew", "", TestNode.API_KEY).statusCode());
        assertEquals(404, node.post("/api/v1/rooms/nosuch-room/links/student/renew", "", TestNode.API_KEY).statusCode());
    }

    private static String wsPath(CreateRoomResponse room, String token) {
        return "/ws/rooms/" + room.getRoomId() + "?token=" + token;
    }

    private static RoomEntryResponse entry(HttpResponse<String> answer) throws InvalidProtocolBufferException {
        assertEquals(200, answer.statusCode(), answer.body());
        RoomEntryResponse.Builder entry = RoomEntryResponse.newBuilder();
        JsonFormat.parser().merge(answer.body(), entry);
        return entry.build();
    }
}
