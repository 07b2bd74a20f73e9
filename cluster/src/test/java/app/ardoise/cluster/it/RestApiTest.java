package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.CreateRoomResponse;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST side: creating classes, links, health and metrics. */
class RestApiTest {
    private final TestNode node = TestNode.shared();

    @Test
    void creating_a_class_needs_the_api_key() {
        assertEquals(401, node.post("/api/v1/rooms", "{\"title\":\"x\"}", null).statusCode());
        assertEquals(401, node.post("/api/v1/rooms", "{\"title\":\"x\"}", "wrong-key-123").statusCode());
    }

    @Test
    void a_new_class_comes_with_a_teacher_link_and_a_student_link() {
        CreateRoomResponse room = node.createRoom("Sciences 5A");
        assertEquals("Sciences 5A", room.getTitle());
        assertTrue(room.getTeacher().getUrl().endsWith("/c/" + room.getRoomId() + "#" + room.getTeacher().getToken()));
        assertTrue(room.getStudent().getUrl().contains("#" + room.getStudent().getToken()));
        assertTrue(!room.getTeacher().getToken().equals(room.getStudent().getToken()));
        assertTrue(room.getWebsocketUrl().endsWith("/ws/rooms/" + room.getRoomId()));

        HttpResponse<String> info = node.send("/api/v1/rooms/" + room.getRoomId(), TestNode.API_KEY);
        assertEquals(200, info.statusCode());
        assertTrue(info.body().contains("\"title\":\"Sciences 5A\""), info.body());
        assertEquals(404, node.send("/api/v1/rooms/nosuch-room", TestNode.API_KEY).statusCode());
    }

    @Test
    void a_malformed_body_is_a_400() {
        assertEquals(400, node.post("/api/v1/rooms", "{not json", TestNode.API_KEY).statusCode());
    }

    @Test
    void a_body_over_16_kib_is_a_413_and_one_under_it_is_read() {
        HttpResponse<String> tooLarge = node.post("/api/v1/rooms", "{\"title\":\"" + "x".repeat(16 * 1024) + "\"}",
                TestNode.API_KEY);
        assertEquals(413, tooLarge.statusCode());
        assertEquals("a request body has at most 16384 bytes", ProblemBody.detail(tooLarge.body()));
        assertEquals("body_too_large", ProblemBody.parse(tooLarge.body()).getError());
        HttpResponse<String> underIt = node.post("/api/v1/rooms", "{\"title\":\"" + "x".repeat(15 * 1024) + "\"}",
                TestNode.API_KEY);
        assertEquals(400, underIt.statusCode(), "read, and refused for its title: " + underIt.body());
    }

    @Test
    void every_answer_carries_the_security_headers() {
        List<HttpResponse<String>> answers = List.of(
                node.post("/api/v1/rooms", "{}", null),
                node.send("/api/v1/rooms/nosuch-room", TestNode.API_KEY),
                node.post("/api/v1/rooms", "{\"title\":\"headers\"}", TestNode.API_KEY),
                node.get("/health/live"),
                node.get("/metrics"),
                node.get("/no/such/page"),
                node.post("/health/live", "{}", null),
                node.get("/ws/rooms/some-room?token=forged"));
        for (HttpResponse<String> answer : answers) {
            String what = answer.request().method() + " " + answer.uri() + " (" + answer.statusCode() + ")";
            assertTrue(answer.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"), what);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), what);
            assertEquals("same-origin", answer.headers().firstValue("Referrer-Policy").orElse(""), what);
        }
        assertEquals(List.of(401, 404, 201, 200, 200, 404, 405, 401),
                answers.stream().map(HttpResponse::statusCode).toList());
    }

    @Test
    void liveness_readiness_and_prometheus_metrics() {
        assertEquals(200, node.get("/health/live").statusCode());
        assertEquals(200, node.get("/health/ready").statusCode());
        node.createRoom("metered");
        HttpResponse<String> metrics = node.get("/metrics");
        assertEquals(200, metrics.statusCode());
        for (String name : new String[] {"ardoise_rooms_active", "ardoise_sessions_connected", "ardoise_frames_in_total",
                "ardoise_frames_out_total", "ardoise_persist_latency_seconds_bucket",
                "ardoise_join_latency_seconds_bucket"}) {
            assertTrue(metrics.body().contains(name), name + " missing from /metrics");
        }
    }

    @Test
    void the_cluster_view_lists_the_members_and_where_each_class_runs() throws Exception {
        assertEquals(401, node.send("/api/v1/cluster", null).statusCode());
        CreateRoomResponse room = node.createRoom("Musique");
        HttpResponse<String> answer = node.send("/api/v1/cluster", TestNode.API_KEY);
        assertEquals(200, answer.statusCode());
        ClusterResponse.Builder cluster = ClusterResponse.newBuilder();
        JsonFormat.parser().merge(answer.body(), cluster);
        assertEquals(1, cluster.getMembersCount());
        assertEquals("Up", cluster.getMembers(0).getStatus());
        assertEquals(cluster.getSelf(), cluster.getMembers(0).getAddress());
        assertEquals(1, cluster.getNodesCount());
        assertTrue(cluster.getNodes(0).getClassesList().contains(room.getRoomId()), answer.body());
        assertEquals(cluster.getNodes(0).getClassesCount(), cluster.getNodes(0).getClassCount());
    }
}
