package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.persistence.testing.TestCassandra;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alerting rules (deploy/) read only series that exist: every ardoise_*
 * name they use is on a real node's /metrics, every sfu_* one is registered by the SFU. A renamed meter
 * would otherwise leave a panel empty and an alert silent.
 */
class DashboardTest {
    private static final Pattern NODE_SERIES = Pattern.compile("\\bardoise_[a-z_]+");
    private static final Pattern SFU_SERIES = Pattern.compile("\\bsfu_[a-z_]+");
    // Surefire runs in the module's directory.
    private static final Path DEPLOY = Path.of("..", "deploy");

    @Test
    void the_dashboard_and_the_alerts_use_series_that_exist() throws IOException {
        String dashboard = Files.readString(DEPLOY.resolve("grafana/ardoise.json"));
        JsonObject parsed = JsonParser.parseString(dashboard).getAsJsonObject();
        assertEquals("ardoise", parsed.get("uid").getAsString());
        assertTrue(parsed.getAsJsonArray("panels").size() > 10, "the dashboard has its panels");
        String alerts = Files.readString(DEPLOY.resolve("prometheus/alerts.yaml"));

        String metrics;
        // A node of its own whose second class creation is refused: the refusals' counter appears on first use.
        try (TestNode node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.http.rooms-created-per-second = 1
                ardoise.http.rooms-created-burst = 1
                """)) {
            // One a second past a burst of one: of ten at once, the last ones are refused however slow the machine.
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                statuses.add(node.post("/api/v1/rooms", "{\"title\":\"classe\"}", TestNode.API_KEY).statusCode());
            }
            assertTrue(statuses.contains(429), statuses.toString());
            metrics = node.get("/metrics").body();
        }
        Set<String> used = names(NODE_SERIES, dashboard + alerts);
        assertTrue(used.containsAll(List.of("ardoise_shards", "ardoise_member_changes_total", "ardoise_rooms_active",
                "ardoise_sessions_connected", "ardoise_persist_latency_seconds_bucket")), used.toString());
        List<String> missing = used.stream()
                .filter(name -> !Pattern.compile("(?m)^(# HELP )?" + name + "[ {]").matcher(metrics).find())
                .toList();
        assertEquals(List.of(), missing, "series of deploy/ that no node exposes");

        String sfu = Files.readString(Path.of("..", "media", "sfu", "internal", "sfu", "metrics.go"));
        // The dashboard's variable naming the SFU's scrape job is no series.
        Set<String> sfuUsed = names(SFU_SERIES, dashboard.replace("sfu_job", ""));
        assertTrue(sfuUsed.contains("sfu_participants"), sfuUsed.toString());
        assertEquals(List.of(), sfuUsed.stream().filter(name -> !sfu.contains("\"" + name + "\"")).toList(),
                "SFU series of the dashboard that the SFU does not register");
    }

    private static Set<String> names(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        pattern.matcher(text).results().forEach(match -> names.add(match.group()));
        return names;
    }
}
