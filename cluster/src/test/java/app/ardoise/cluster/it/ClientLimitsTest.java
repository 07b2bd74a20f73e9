package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.Limits;
import app.ardoise.protocol.v1.ClientLimits;
import app.ardoise.protocol.v1.CreateRoomResponse;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What a browser learns of the server's limits: the same in every Welcome and on the join page's route. */
class ClientLimitsTest {
    private final TestNode node = TestNode.shared();

    @Test
    void the_welcome_and_the_public_route_give_the_servers_limits() throws Exception {
        CreateRoomResponse room = node.createRoom("limits");
        ClientLimits welcomed;
        try (WsClient client = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            welcomed = client.join(room.getStudent().getToken(), "Curious").getLimits();
        }
        // ardoise.session's defaults, and the protocol's fixed sizes.
        assertEquals(ClientLimits.newBuilder()
                .setMaxChatChars(Limits.MAX_CHAT_CHARS)
                .setMaxNameChars(Limits.MAX_NAME_CHARS)
                .setMaxClientMessageIdChars(Limits.MAX_CLIENT_MESSAGE_ID_CHARS)
                .setMaxPollQuestionChars(Limits.MAX_POLL_QUESTION_CHARS)
                .setMaxPollOptionChars(Limits.MAX_POLL_OPTION_CHARS)
                .setMaxPollOptions(Limits.MAX_POLL_OPTIONS)
                .setMaxShortAnswerChars(Limits.MAX_SHORT_ANSWER_CHARS)
                .setMaxFrameBytes(65_536)
                .setChatPerSecond(20)
                .setWhiteboardBatchesPerSecond(120)
                .setEphemeralPerSecond(30)
                .setActionsPerSecond(60)
                .build(), welcomed);

        HttpResponse<String> page = node.get("/api/v1/limits");
        assertEquals(200, page.statusCode(), "no API key needed");
        ClientLimits.Builder published = ClientLimits.newBuilder();
        JsonFormat.parser().merge(page.body(), published);
        assertEquals(welcomed, published.build());
    }
}
