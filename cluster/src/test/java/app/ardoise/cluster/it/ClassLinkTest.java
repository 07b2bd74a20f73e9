package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.v1.ClassLinkResponse;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.NewLink;
import app.ardoise.protocol.v1.RenewLink;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A teacher inside the class asks for its student link again, to give a latecomer: the link of the generation the
 * class holds, which renews nothing; a student may not ask.
 */
class ClassLinkTest {
    private final TestNode node = TestNode.shared();

    @Test
    void a_teachers_link_gets_the_current_student_link_and_a_students_does_not() throws Exception {
        CreateRoomResponse room = node.createRoom("Latecomers");
        String teacherToken = room.getTeacher().getToken();

        ClassLinkResponse shared = link(node.send(path(room, "student"), teacherToken));
        assertEquals("student", shared.getRole());
        assertTrue(shared.getLink().getUrl().endsWith("/c/" + room.getRoomId() + "#" + shared.getLink().getToken()));
        try (WsClient late = node.connect(room.getRoomId(), shared.getLink().getToken())) {
            assertEquals(Role.ROLE_STUDENT, late.join(shared.getLink().getToken(), "En retard").getRole());
        }
        try (WsClient first = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            assertEquals(Role.ROLE_STUDENT, first.join(room.getStudent().getToken(), "À l'heure").getRole(),
                    "the link given before still works: nothing was renewed");
        }

        assertEquals(403, node.send(path(room, "student"), room.getStudent().getToken()).statusCode());
        assertEquals(404, node.send(path(room, "parent"), teacherToken).statusCode());
        assertEquals(401, node.send(path(room, "student"), "forged").statusCode());
    }

    @Test
    void after_a_renewal_the_link_given_is_the_new_one() throws Exception {
        CreateRoomResponse room = node.createRoom("Renewed");
        String teacherToken = room.getTeacher().getToken();
        String renewed;
        try (WsClient teacher = node.connect(room.getRoomId(), teacherToken)) {
            teacher.join(teacherToken, "Mme Roy");
            teacher.send(ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(Role.ROLE_STUDENT)));
            NewLink fresh = teacher.await(ServerFrame::hasNewLink).getNewLink();
            renewed = fresh.getToken();
        }
        String shared = link(node.send(path(room, "student"), TestNode.API_KEY)).getLink().getToken();
        assertEquals(200, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", shared).statusCode());
        assertEquals(200, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", renewed).statusCode());
        assertEquals(410, node.send("/api/v1/rooms/" + room.getRoomId() + "/entry", room.getStudent().getToken()).statusCode());
    }

    private static String path(CreateRoomResponse room, String role) {
        return "/api/v1/rooms/" + room.getRoomId() + "/links/" + role;
    }

    private static ClassLinkResponse link(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        ClassLinkResponse.Builder link = ClassLinkResponse.newBuilder();
        JsonFormat.parser().merge(response.body(), link);
        return link.build();
    }
}
