package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.media.SfuProcess;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.MediaJoin;
import app.ardoise.protocol.v1.MediaSignal;
import app.ardoise.protocol.v1.MediaStatus;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ARDOISE_LOG_FORMAT=json, through the logback.xml a production node reads: every line the node writes
 * is one JSON object; a line about a participant's media carries the class and participant ids as
 * fields; no line carries a chat message or a token.
 */
@NodeProcesses
class JsonLogsTest {
    private static final String CHAT = "la réponse de l'exercice 4 est 42";

    @Test
    void a_node_writes_one_json_object_a_line_with_ids_and_without_chat_or_tokens() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        try (var session = TestCassandra.shared().openSession()) {
            SchemaInstaller.install(session, keyspace, Replication.simple(1));
        }
        CreateRoomResponse room = CreateRoomResponse.newBuilder().build();
        Welcome welcome;
        NodeProcess node;
        try (SfuProcess sfu = SfuProcess.start()) {
            node = NodeProcess.startLogging("json-logs", NodeProcess.ports(1).get(0), keyspace, Map.of(
                    "ARDOISE_LOG_FORMAT", "json",
                    "ARDOISE_SFU_TARGET", sfu.target()));
            try (node) {
                node.awaitReady(Duration.ofSeconds(120));
                CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
                JsonFormat.parser().merge(node.post("/api/v1/rooms", "{\"title\":\"Logs\"}").body(), created);
                room = created.build();
                String token = room.getTeacher().getToken();
                try (WsClient teacher = WsClient.connect(node.webSocket(room.getRoomId(), token))) {
                    welcome = teacher.join(token, "Professeure");
                    teacher.chat(CHAT);
                    teacher.await(ServerFrame::hasAck);
                    teacher.send(ClientFrame.newBuilder().setMedia(MediaSignal.newBuilder().setJoin(MediaJoin.getDefaultInstance())));
                    status(teacher, MediaStatus.State.JOINED);
                    // The SFU going away breaks the teacher's signal stream: the node logs that, naming them.
                    sfu.kill();
                    status(teacher, MediaStatus.State.UNAVAILABLE);
                }
                node.terminate();
            }
        }

        List<String> lines = Files.readAllLines(node.log());
        assertTrue(lines.size() > 5, "the node logged: " + lines);
        List<JsonObject> events = lines.stream().map(line -> {
            try {
                return JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not one JSON object: " + line, e);
            }
        }).toList();
        for (JsonObject event : events) {
            assertTrue(event.has("level") && event.has("loggerName") && event.has("timestamp"), event.toString());
        }
        assertTrue(events.stream().anyMatch(event -> event.get("formattedMessage").getAsString()
                .startsWith("Ardoise listening on port")), "the start is logged");

        String participant = welcome.getParticipantId();
        JsonObject broke = events.stream()
                .filter(event -> event.get("loggerName").getAsString().equals("app.ardoise.media.SignalStream")
                        && event.get("formattedMessage").getAsString().contains("broke"))
                .findFirst().orElseThrow(() -> new AssertionError("no line about the broken stream: " + lines));
        assertEquals("WARN", broke.get("level").getAsString());
        JsonObject mdc = broke.getAsJsonObject("mdc");
        assertEquals(room.getRoomId(), mdc.get("classId").getAsString());
        assertEquals(participant, mdc.get("participantId").getAsString());

        String all = String.join("\n", lines);
        assertFalse(all.contains("exercice 4"), "a chat message was logged");
        for (String secret : List.of(room.getTeacher().getToken(), room.getStudent().getToken(),
                welcome.getResumeToken(), TestNode.API_KEY, TestNode.TOKEN_SECRET)) {
            assertFalse(all.contains(secret), "a token or key was logged");
        }
    }

    private static void status(WsClient client, MediaStatus.State state) {
        client.await(f -> f.hasMedia() && f.getMedia().hasStatus() && f.getMedia().getStatus().getState() == state);
    }
}
