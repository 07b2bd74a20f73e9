package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.bench.ReconnectingClient;
import app.ardoise.cluster.support.JournalChat;
import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.v1.CreateRoomResponse;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token secret and the API key rotated as docs/OPERATIONS.md says, on two node JVMs with classes chatting
 * through them: a rolling restart that adds the new secret and key as previous ones, then one that makes them
 * current and keeps the old as previous. Every class keeps every acknowledged message, nobody is turned away,
 * the links made before still open the class, the new ones open it on a node of the first roll, and both keys
 * are accepted at the end.
 */
@NodeProcesses
class SecretRotationRollTest {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final String NEW_SECRET = "rotated-token-secret-2026-12";
    private static final String NEW_KEY = "rotated-api-key-2026-12";
    private static final int CLASSES = 3;

    private final ChattingClasses cluster = new ChattingClasses();
    private final List<NodeProcess> nodes = cluster.nodes;
    private final List<ReconnectingClient> clients = cluster.clients;

    @AfterEach
    void stopEverything() {
        cluster.close();
    }

    @Test
    void a_secret_and_key_rotated_in_two_rolling_restarts_drop_no_class() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(6);
        List<Integer> seeds = ports.stream().map(p -> p[1]).toList();
        Map<String, String> before = Map.of();
        Map<String, String> learning = Map.of("ARDOISE_PREVIOUS_TOKEN_SECRETS", NEW_SECRET, "ARDOISE_PREVIOUS_API_KEYS", NEW_KEY);
        Map<String, String> rotated = Map.of("ARDOISE_TOKEN_SECRET", NEW_SECRET, "ARDOISE_PREVIOUS_TOKEN_SECRETS", TestNode.TOKEN_SECRET,
                "ARDOISE_API_KEY", NEW_KEY, "ARDOISE_PREVIOUS_API_KEYS", TestNode.API_KEY);
        nodes.add(NodeProcess.start("rotate-0", ports.get(0), seeds, keyspace, before));
        nodes.add(NodeProcess.start("rotate-1", ports.get(1), seeds, keyspace, before));
        nodes.forEach(node -> node.awaitReady(READY));

        List<CreateRoomResponse> rooms = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            CreateRoomResponse room = create(nodes.get(0));
            rooms.add(room);
            for (var link : List.of(room.getTeacher(), room.getStudent())) {
                cluster.participant(room.getRoomId(), link.getToken(), "p" + clients.size());
            }
        }
        cluster.joinAll();
        cluster.chatEvery(Duration.ofMillis(500), (i, n) -> true);

        replace(0, "rotate-2", ports.get(2), seeds, keyspace, learning);
        replace(1, "rotate-3", ports.get(3), seeds, keyspace, learning);
        replace(0, "rotate-4", ports.get(4), seeds, keyspace, rotated);
        // Mid-roll: a link the rotated node signs with the new secret opens its class on a node of the first roll.
        CreateRoomResponse signedNew = create(nodes.get(0));
        assertTrue(joins(nodes.get(1), signedNew.getRoomId(), signedNew.getStudent().getToken()),
                "a link signed with the new secret is refused by a node that knows it as previous");
        replace(1, "rotate-5", ports.get(5), seeds, keyspace, rotated);

        TimeUnit.SECONDS.sleep(2);
        cluster.stopChatting();

        for (int c = 0; c < CLASSES; c++) {
            CreateRoomResponse room = rooms.get(c);
            ReconnectingClient teacher = clients.get(2 * c);
            ReconnectingClient student = clients.get(2 * c + 1);
            assertTrue(joins(nodes.get(1), room.getRoomId(), room.getStudent().getToken()),
                    "the link class " + c + " had before the rotation no longer opens it");
            try (WsClient check = WsClient.connect(nodes.get(0).webSocket(room.getRoomId(), room.getStudent().getToken()))) {
                var fresh = check.join(room.getStudent().getToken(), "vérification");
                awaitTrue("class " + c + "'s participants caught up", Duration.ofSeconds(30),
                        () -> teacher.lastSeq() >= fresh.getLastSeq() && student.lastSeq() >= fresh.getLastSeq());
                // The journal, not the Welcome: a slow roll chats past the Welcome's last chat-kept messages.
                List<String> kept = JournalChat.texts(nodes.get(0).http("/api/v1/rooms/" + room.getRoomId() + "/replay"),
                        room.getTeacher().getToken());
                Set<String> acknowledged = new HashSet<>(teacher.acknowledged());
                acknowledged.addAll(student.acknowledged());
                assertTrue(acknowledged.size() > 20, "class " + c + " chatted too little to tell: " + acknowledged.size());
                assertTrue(kept.containsAll(acknowledged), "class " + c + " lost acknowledged messages");
                assertEquals(kept.size(), new HashSet<>(kept).size(), "class " + c + " holds a message twice");
            }
            assertEquals(List.of(), teacher.errors(), "class " + c + "'s teacher got errors");
            assertEquals(List.of(), student.errors(), "class " + c + "'s student got errors");
        }
        assertEquals(200, cluster(nodes.get(1), NEW_KEY));
        assertEquals(200, cluster(nodes.get(1), TestNode.API_KEY));
        assertEquals(401, cluster(nodes.get(1), "not-the-key-at-all"));
    }

    /** Drains node {@code index} (SIGTERM) and starts its successor with the next step's variables. */
    private void replace(int index, String name, int[] ports, List<Integer> seeds, String keyspace, Map<String, String> variables) {
        nodes.get(index).terminate();
        NodeProcess next = NodeProcess.start(name, ports, seeds, keyspace, variables);
        next.awaitReady(READY);
        nodes.set(index, next);
    }

    private static CreateRoomResponse create(NodeProcess node) throws Exception {
        CreateRoomResponse.Builder room = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(node.post("/api/v1/rooms", "{\"title\":\"rotation\"}").body(), room);
        return room.build();
    }

    private static boolean joins(NodeProcess node, String roomId, String token) {
        try (WsClient probe = WsClient.connect(node.webSocket(roomId, token))) {
            probe.join(token, "sonde");
            return true;
        } catch (RuntimeException | AssertionError refused) {
            return false;
        }
    }

    private static int cluster(NodeProcess node, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.http("/api/v1/cluster"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
