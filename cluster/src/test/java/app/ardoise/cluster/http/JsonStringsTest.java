package app.ardoise.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.ardoise.protocol.v1.ClassRetention;
import app.ardoise.protocol.v1.CreateRoomRequest;
import app.ardoise.protocol.v1.RoomAction;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A string field takes a JSON string, as the README says of a title and a retention: a number there used to be
 * read as its text, and {"events": 30} kept a class's events for thirty milliseconds.
 */
class JsonStringsTest {

    @Test
    void a_string_field_given_anything_but_a_string_is_refused() {
        for (String body : List.of("{\"title\": 5}", "{\"title\": true}", "{\"title\": [\"x\"]}", "{\"title\": {}}")) {
            refused(body, CreateRoomRequest.newBuilder());
        }
        for (String body : List.of("{\"events\": 30}", "{\"attendance\": 90}", "{\"recordings\": false}")) {
            refused(body, ClassRetention.newBuilder());
        }
        refused("{\"removeParticipant\": {\"participantId\": 12}}", RoomAction.newBuilder());
        refused("{\"admit\": {\"participantIds\": [\"p1\", 2]}}", RoomAction.newBuilder());
        refused("{\"remove_participant\": {\"participant_id\": 12}}", RoomAction.newBuilder());
    }

    @Test
    void strings_null_and_numbers_where_numbers_belong_still_parse() throws InvalidProtocolBufferException {
        assertEquals("Maths 4B", JsonBodies.parse("{\"title\": \"Maths 4B\", \"maxParticipants\": 40}",
                CreateRoomRequest.newBuilder()).getTitle());
        assertEquals("", JsonBodies.parse("{\"title\": null}", CreateRoomRequest.newBuilder()).getTitle());
        assertEquals("30d", JsonBodies.parse("{\"events\": \"30d\", \"bogus\": 3}", ClassRetention.newBuilder()).getEvents());
        assertEquals(57, JsonBodies.parse("{\"deleteChatMessage\": {\"seq\": 57}}", RoomAction.newBuilder())
                .getDeleteChatMessage().getSeq());
        assertEquals(List.of("p1", "p2"), JsonBodies.parse("{\"admit\": {\"participantIds\": [\"p1\", \"p2\"]}}",
                RoomAction.newBuilder()).getAdmit().getParticipantIdsList());
        assertEquals("", JsonBodies.parse("", CreateRoomRequest.newBuilder()).getTitle());
    }

    private static void refused(String body, Message.Builder builder) {
        assertThrows(InvalidProtocolBufferException.class, () -> JsonBodies.parse(body, builder), body);
    }
}
