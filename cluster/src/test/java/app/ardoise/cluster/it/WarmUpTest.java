package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.persistence.testing.TestCassandra;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A node runs its own hot paths, through real WebSockets to itself, before it says it is ready. */
class WarmUpTest {
    private static final Pattern FRAMES_IN = Pattern.compile("(?m)^ardoise_frames_in_total(?:\\{[^}]*})? ([0-9.E]+)$");

    @Test
    void a_node_is_ready_only_once_its_warm_up_connections_have_joined_chatted_and_left() throws Exception {
        try (TestNode node = TestNode.start(TestCassandra.freshKeyspace(), "ardoise.warm-up.connections = 20")) {
            HttpResponse<String> first = node.get("/health/ready");
            if (first.statusCode() != 200) {
                assertEquals(503, first.statusCode(), first.body());
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (node.get("/health/ready").statusCode() != 200) {
                assertTrue(System.nanoTime() < deadline, "not ready within 60 s: " + node.get("/health/ready").body());
                Thread.sleep(100);
            }

            // Each of the 20 connections sent a Join, five Chats and a Leave, all through the WebSocket route.
            Matcher framesIn = FRAMES_IN.matcher(node.get("/metrics").body());
            assertTrue(framesIn.find(), "ardoise_frames_in_total missing from /metrics");
            assertEquals(20 * 7, (long) Double.parseDouble(framesIn.group(1)));
        }
    }
}
