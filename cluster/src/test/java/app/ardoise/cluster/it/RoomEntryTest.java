package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.ProblemBody.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEntryResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The join page's link check ({@code GET /api/v1/rooms/{id}/entry}): every verdict of the WebSocket upgrade,
 * as JSON a browser can read, and whether the class has a seat.
 */
class RoomEntryTest {
    /**
     * Classes of 2; behind a proxy at 127.0.0.1, so that the rate test comes from an address of its own
     * (the tests' own checks come from 127.0.0.1, well under its burst of 30).
     */
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.room.max-participants = 2
                ardoise.http.trusted-proxies = ["127.0.0.1"]
                ardoise.http.websockets-per-address-per-second = 0.1
                ardoise.http.websockets-per-address-burst = 30
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_teacher_link_and_a_student_link_say_who_they_let_in_and_how_full_the_class_is() throws Exception {
        CreateRoomResponse room = node.createRoom("Histoire 3C");
        HttpResponse<String> teacher = check(room.getRoomId(), room.getTeacher().getToken());
        assertEquals(200, teacher.statusCode(), teacher.body());
        assertTrue(teacher.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        // Zeros and false are written out: the client reads every field.
        assertEquals("{\"roomId\":\"" + room.getRoomId() + "\",\"title\":\"Histoire 3C\",\"role\":\"teacher\","
                + "\"participants\":0,\"maxParticipants\":2,\"full\":false,\"ended\":false,\"recording\":false}", teacher.body());

        RoomEntryResponse student = entry(check(room.getRoomId(), room.getStudent().getToken()));
        assertEquals("student", student.getRole());
        assertEquals(room.getRoomId(), student.getRoomId());
        assertEquals("Histoire 3C", student.getTitle());
    }

    @Test
    void a_class_whose_seats_are_taken_is_full_until_someone_leaves() throws Exception {
        CreateRoomResponse room = node.createRoom("full");
        String token = room.getStudent().getToken();
        try (WsClient first = node.connect(room.getRoomId(), token)) {
            first.join(token, "Ada");
            RoomEntryResponse one = entry(check(room.getRoomId(), token));
            assertEquals(1, one.getParticipants());
            assertEquals(false, one.getFull());
            try (WsClient second = node.connect(room.getRoomId(), token)) {
                second.join(token, "Grace");
                RoomEntryResponse two = entry(check(room.getRoomId(), room.getTeacher().getToken()));
                assertEquals(2, two.getParticipants());
                assertEquals(2, two.getMaxParticipants());
                assertEquals(true, two.getFull(), "as the room would refuse a third Join (ROOM_FULL)");
            }
        }
    }

    @Test
    void forged_expired_misdirected_and_unknown_class_links_get_a_code_the_client_translates() throws Exception {
        CreateRoomResponse room = node.createRoom("refusals");
        CreateRoomResponse other = node.createRoom("other");
        String roomId = room.getRoomId();
        String token = room.getStudent().getToken();
        String forged = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        TokenService past = new TokenService(TestNode.TOKEN_SECRET, Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));
        String expired = past.sign(JoinGrant.newBuilder().setRoom(roomId).setRole(Role.ROLE_TEACHER)
                .setExpiresAtEpochS(Instant.parse("2020-01-02T00:00:00Z").getEpochSecond()).build());
        String forNoClass = past.sign(JoinGrant.newBuilder().setRoom("nosuch-class").setRole(Role.ROLE_STUDENT)
                .setExpiresAtEpochS(Instant.now().plusSeconds(3600).getEpochSecond()).build());

        assertRefused(401, "invalid_link", check(roomId, forged));
        assertRefused(401, "expired_link", check(roomId, expired));
        assertRefused(403, "wrong_class", check(roomId, other.getStudent().getToken()));
        assertRefused(404, "unknown_class", check("nosuch-class", forNoClass));
        assertEquals("{\"error\":\"wrong_class\",\"detail\":\"this link is for another class\","
                        + "\"type\":\"/api/v1/problems/wrong_class\",\"title\":\"This link is for another class\",\"status\":403}",
                check(roomId, other.getStudent().getToken()).body());
    }

    @Test
    void only_a_valid_link_of_the_class_reaches_the_class() throws Exception {
        CreateRoomResponse room = node.createRoom("elsewhere");
        String token = room.getStudent().getToken();
        assertRefused(403, "wrong_class", check("never-woken", token));
        assertRefused(401, "invalid_link", check("never-woken", token.substring(1)));
        // Classes start when asked about: one no check reached is not running anywhere.
        HttpResponse<String> cluster = node.send("/api/v1/cluster", TestNode.API_KEY);
        assertEquals(200, cluster.statusCode());
        ClusterResponse.Builder view = ClusterResponse.newBuilder();
        JsonFormat.parser().merge(cluster.body(), view);
        assertTrue(view.getNodesList().stream().noneMatch(node -> node.getClassesList().contains("never-woken")), cluster.body());
    }

    @Test
    void a_class_that_does_not_answer_in_time_is_unavailable_not_an_error() throws Exception {
        // No class starts (shard allocation, recovery from Cassandra) within a millisecond.
        try (TestNode hurried = TestNode.start(TestCassandra.freshKeyspace(), "ardoise.http.ask-timeout = 1ms")) {
            String token = new TokenService(TestNode.TOKEN_SECRET, Clock.systemUTC()).sign(JoinGrant.newBuilder()
                    .setRoom("slow-class").setRole(Role.ROLE_STUDENT)
                    .setExpiresAtEpochS(Instant.now().plusSeconds(3600).getEpochSecond()).build());
            assertRefused(503, "class_unavailable", hurried.send("/api/v1/rooms/slow-class/entry", token));
        }
    }

    @Test
    void a_missing_or_hostile_authorization_header_is_an_invalid_link() throws Exception {
        String path = "/api/v1/rooms/" + node.createRoom("headers").getRoomId() + "/entry";
        assertRefused(401, "invalid_link", node.get(path));
        assertRefused(401, "invalid_link", node.get(path, "Authorization", "Basic dXNlcjpwYXNz"));
        assertRefused(401, "invalid_link", node.get(path, "Authorization", "Bearer"));
        assertRefused(401, "invalid_link", node.get(path, "Authorization", "Bearer ..."));
        assertRefused(401, "invalid_link", node.get(path, "Authorization", "Bearer " + TestNode.API_KEY));
        assertRefused(401, "invalid_link", node.get(path, "Authorization", "Bearer " + "x".repeat(7_000) + "." + "y"));
        // The token in the query string, where it does not belong, is not read.
        assertRefused(401, "invalid_link", node.get(path + "?token=" + node.createRoom("query").getStudent().getToken()));
        // Over pekko-http's header limit (8 KiB): refused before any route, and no 500.
        int huge = node.get(path, "Authorization", "Bearer " + "x".repeat(20_000)).statusCode();
        assertTrue(huge >= 400 && huge < 500, "status " + huge);
    }

    @Test
    void an_address_that_checks_links_too_fast_is_told_when_to_retry() throws Exception {
        String path = "/api/v1/rooms/some-class/entry";
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> answer = node.get(path, "X-Forwarded-For", "203.0.113.7", "Authorization", "Bearer forged");
            if (answer.statusCode() == 429) {
                assertTrue(i >= 29, "the burst of 30 comes first: refused at " + i);
                assertRefused(429, "too_many_requests", answer);
                assertTrue(Integer.parseInt(answer.headers().firstValue("Retry-After").orElse("0")) >= 1);
                assertRefused(401, "invalid_link", node.get(path, "X-Forwarded-For", "203.0.113.8", "Authorization", "Bearer forged"));
                return;
            }
            assertRefused(401, "invalid_link", answer);
        }
        fail("40 checks at once, none refused");
    }

    private static HttpResponse<String> check(String roomId, String token) {
        return node.send("/api/v1/rooms/" + roomId + "/entry", token);
    }

    private static RoomEntryResponse entry(HttpResponse<String> answer) throws InvalidProtocolBufferException {
        assertEquals(200, answer.statusCode(), answer.body());
        RoomEntryResponse.Builder entry = RoomEntryResponse.newBuilder();
        JsonFormat.parser().merge(answer.body(), entry);
        return entry.build();
    }
}
