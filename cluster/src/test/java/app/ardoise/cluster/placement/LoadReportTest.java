package app.ardoise.cluster.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reports nodes gossip, and how a node's readings become loads and the reports one view. */
class LoadReportTest {
    private static final PlacementSettings SETTINGS = new PlacementSettings(0.15, 4, Duration.ofSeconds(30), 20, 4, 10, Duration.ofSeconds(2));

    @Test
    void a_report_reads_back_as_written_and_anything_else_is_refused() {
        LoadReport report = new LoadReport(1_700_000_000_000L, Map.of("12", 340L, "7", 0L));
        assertEquals(report, LoadReport.decode(report.encode()));
        assertEquals(new LoadReport(5, Map.of()), LoadReport.decode(new LoadReport(5, Map.of()).encode()));
        assertThrows(IllegalArgumentException.class, () -> LoadReport.decode("12=340"));
        assertThrows(IllegalArgumentException.class, () -> LoadReport.decode("5|=3"));
        assertThrows(NumberFormatException.class, () -> LoadReport.decode("5|12=many"));
    }

    @Test
    void a_shards_load_is_its_sessions_plus_its_deliveries_per_second_scaled_to_sessions() {
        Map<String, Long> last = new HashMap<>();
        // First reading: no rate known yet.
        assertEquals(Map.of("1", 30L), LoadReporter.loads(Map.of("1", new ShardLoads.Reading(30, 1_000)), last, SETTINGS));
        // 600 frames in 2 s: 300 a second, 30 sessions' worth.
        assertEquals(Map.of("1", 60L), LoadReporter.loads(Map.of("1", new ShardLoads.Reading(30, 1_600)), last, SETTINGS));
        // A class that stopped takes its count with it: never a negative rate.
        assertEquals(Map.of("1", 2L), LoadReporter.loads(Map.of("1", new ShardLoads.Reading(2, 100)), last, SETTINGS));
    }

    @Test
    void the_view_keeps_recent_reports_only_and_the_larger_load_of_a_shard_that_just_moved() {
        long now = 100_000;
        Map<String, String> reports = Map.of(
                "node-a", new LoadReport(now - 1_000, Map.of("1", 40L, "2", 3L)).encode(),
                "node-b", new LoadReport(now - 2_000, Map.of("2", 5L, "3", 8L)).encode(),
                "node-gone", new LoadReport(now - 60_000, Map.of("4", 99L)).encode());
        assertEquals(Map.of("1", 40L, "2", 5L, "3", 8L), LoadReporter.merge(reports, now, SETTINGS));
        assertEquals(Set.of("node-a", "node-b"), LoadReporter.reporting(reports, now, SETTINGS), "the nodes that take classes");
    }

    @Test
    void a_shard_missing_from_every_report_keeps_its_last_load_for_a_while() {
        LoadView view = new LoadView(20_000);
        assertEquals(Map.of("lecture", 41L, "small", 3L), view.update(Map.of("lecture", 41L, "small", 3L), 0));
        // The lecture moves: its old node no longer reports it, its new one not yet.
        assertEquals(Map.of("lecture", 41L, "small", 3L), view.update(Map.of("small", 3L), 4_000));
        assertEquals(Map.of("lecture", 45L, "small", 3L), view.update(Map.of("lecture", 45L, "small", 3L), 6_000));
        // Its classes all stopped: after the memory, it is gone.
        assertEquals(Map.of("small", 3L), view.update(Map.of("small", 3L), 27_000));
    }
}
