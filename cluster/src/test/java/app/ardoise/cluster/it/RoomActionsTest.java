package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Join;
import app.ardoise.protocol.v1.ServerFrame;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A teacher's actions from the REST API (POST /api/v1/rooms/{id}/actions) on a class in session: the waiting room
 * and chat moderation, seen by the participants as if a teacher in the class had acted, and refused as the class
 * refuses the same frames.
 */
class RoomActionsTest {
    private final TestNode node = TestNode.shared();

    @Test
    void the_api_keeps_the_door_and_moderates_the_chat_as_a_teacher_would() {
        CreateRoomResponse room = node.createRoom("Actions");
        String id = room.getRoomId();
        String studentLink = room.getStudent().getToken();
        try (WsClient teacher = node.connect(id, room.getTeacher().getToken());
             WsClient ines = node.connect(id, studentLink);
             WsClient zoe = node.connect(id, studentLink);
             WsClient yann = node.connect(id, studentLink)) {
            teacher.join(room.getTeacher().getToken(), "Prof");
            String inesId = ines.join(studentLink, "Inès").getParticipantId();

            assertTrue(seq(act(id, "{\"setEntryPolicy\":{\"policy\":\"ENTRY_POLICY_ADMIT\"}}")) > 0);
            assertEquals(EntryPolicy.ENTRY_POLICY_ADMIT, teacher.await(f -> f.hasEvent() && f.getEvent().hasEntryPolicyChanged())
                    .getEvent().getEntryPolicyChanged().getPolicy());
            assertEquals(0, seq(act(id, "{\"setEntryPolicy\":{\"policy\":\"ENTRY_POLICY_ADMIT\"}}")), "already so: nothing written");

            zoe.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(studentLink).setDisplayName("Zoé")));
            zoe.await(ServerFrame::hasWaiting);
            yann.send(ClientFrame.newBuilder().setJoin(Join.newBuilder().setToken(studentLink).setDisplayName("Yann")));
            yann.await(ServerFrame::hasWaiting);
            String yannId = teacher.await(f -> f.hasEvent() && f.getEvent().hasWaiting()
                    && f.getEvent().getWaiting().getParticipant().getName().equals("Yann"))
                    .getEvent().getWaiting().getParticipant().getParticipantId();
            act(id, "{\"refuse\":{\"participantIds\":[\"" + yannId + "\"]}}");
            assertEquals(CloseCode.REFUSED, yann.awaitClose());
            act(id, "{\"admitAll\":{}}");
            var welcome = zoe.await(ServerFrame::hasWelcome).getWelcome();
            assertEquals("Zoé", welcome.getRoom().getParticipantsList().stream()
                    .filter(p -> p.getId().equals(welcome.getParticipantId())).findFirst().orElseThrow().getName());

            ines.chat("un message à retirer");
            long posted = teacher.await(f -> f.hasEvent() && f.getEvent().hasChat()).getEvent().getSeq();
            act(id, "{\"deleteChatMessage\":{\"seq\":\"" + posted + "\"}}");
            assertEquals(posted, zoe.await(f -> f.hasEvent() && f.getEvent().hasChatMessageDeleted())
                    .getEvent().getChatMessageDeleted().getSeq());
            HttpResponse<String> again = node.post("/api/v1/rooms/" + id + "/actions", "{\"deleteChatMessage\":{\"seq\":\"999999\"}}", TestNode.API_KEY);
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("action_refused", ProblemBody.parse(again.body()).getError());
            assertTrue(ProblemBody.detail(again.body()).startsWith(ErrorCode.NO_SUCH_MESSAGE), again.body());

            act(id, "{\"setChatMuted\":{\"participantId\":\"" + inesId + "\",\"muted\":true}}");
            ines.await(f -> f.hasEvent() && f.getEvent().hasChatMuteChanged());
            ines.chat("encore");
            assertEquals(ErrorCode.CHAT_MUTED, ines.await(ServerFrame::hasError).getError().getCode());
            teacher.chat("la consigne");
            zoe.await(f -> f.hasEvent() && f.getEvent().hasChat());
            assertTrue(seq(act(id, "{\"clearChat\":{}}")) > 0);
            zoe.await(f -> f.hasEvent() && f.getEvent().hasChatCleared());
            assertEquals(0, seq(act(id, "{\"clearChat\":{}}")), "nothing left to clear");
        }
    }

    @Test
    void an_action_needs_the_api_key_a_known_class_and_one_action_of_the_list() {
        CreateRoomResponse room = node.createRoom("Refus");
        String path = "/api/v1/rooms/" + room.getRoomId() + "/actions";
        assertEquals(401, node.post(path, "{\"clearChat\":{}}", null).statusCode());
        assertEquals(401, node.post(path, "{\"clearChat\":{}}", room.getTeacher().getToken()).statusCode(),
                "a teacher's link is not the API key");
        for (String body : new String[] {"{}", "not json", "{\"chat\":{\"text\":\"hello\"}}", "{\"endClass\":{}}"}) {
            HttpResponse<String> refused = node.post(path, body, TestNode.API_KEY);
            assertEquals(400, refused.statusCode(), body + ": " + refused.body());
            assertEquals("invalid_action", ProblemBody.parse(refused.body()).getError(), body);
        }
        HttpResponse<String> unknown = node.post("/api/v1/rooms/nosuch-class/actions", "{\"clearChat\":{}}", TestNode.API_KEY);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("unknown_class", ProblemBody.parse(unknown.body()).getError());
    }

    private HttpResponse<String> act(String roomId, String action) {
        HttpResponse<String> done = node.post("/api/v1/rooms/" + roomId + "/actions", action, TestNode.API_KEY);
        assertEquals(200, done.statusCode(), action + ": " + done.body());
        return done;
    }

    private static long seq(HttpResponse<String> done) {
        String body = done.body();
        return body.contains("\"seq\"") ? Long.parseLong(body.replaceAll("[^0-9]", "")) : 0;
    }
}
