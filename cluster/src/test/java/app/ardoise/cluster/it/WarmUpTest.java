package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.persistence.testing.TestCassandra;
import com.datastax.oss.driver.api.core.CqlSession;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.junit.jupiter.api.Test;

/**
 * A node runs its hot paths, through real WebSockets, before it says it is ready; and it does so in a
 * sandbox of its own, so that a start leaves nothing in the journal and sends nothing to other nodes.
 */
class WarmUpTest {
    private static final int CONNECTIONS = 20;

    @Test
    void a_node_is_ready_once_its_warm_up_ran_and_it_has_written_nothing() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        try (TestNode node = TestNode.start(keyspace, "ardoise.warm-up.connections = " + CONNECTIONS);
             CqlSession cassandra = TestCassandra.shared().openSession()) {
            HttpResponse<String> first = node.get("/health/ready");
            if (first.statusCode() != 200) {
                assertEquals(503, first.statusCode(), first.body());
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (node.get("/health/ready").statusCode() != 200) {
                assertTrue(System.nanoTime() < deadline, "not ready within 60 s: " + node.get("/health/ready").body());
                Thread.sleep(100);
            }

            // Every warm-up connection joined, sent five Chats and left (the gauge counts only a wave
            // whose every participant got its acks and its close) ...
            String metrics = node.get("/metrics").body();
            assertEquals(CONNECTIONS, meter(metrics, "ardoise_warm_up_connections"));
            // ... and before them a teacher drew a 2,000-stroke board, every batch acknowledged, each followed
            // by a student's join, that got its Welcome, chatted and left ...
            assertEquals(2000, meter(metrics, "ardoise_warm_up_board_strokes"));
            // ... then an empty class recovered through the real journal, whose reads it started, writing nothing ...
            assertTrue(value(metrics, "ardoise_warm_up_journal_seconds") > 0, "the journal's read path warmed up");
            // ... on the sandbox node: none of it reached the real node's rooms, sessions or journal.
            assertEquals(0, meter(metrics, "ardoise_frames_in_total"));
            assertEquals(0, meter(metrics, "ardoise_join_latency_seconds_count"));
            assertEquals(0, meter(metrics, "ardoise_rooms_active"));
            assertEquals(List.of(), persistenceIds(cassandra, keyspace), "the journal after a start");
            assertEquals(List.of(), rows(cassandra, "SELECT persistence_id FROM " + keyspace + ".all_persistence_ids"));
            assertEquals(List.of(), rows(cassandra, "SELECT persistence_id FROM " + keyspace + ".snapshots"));
            // Nor in any other table: the sandbox's classes also open and close attendance sessions, get documents...
            assertEquals(List.of(), tablesWithRows(cassandra, keyspace), "tables written by a start");
            // The node's cluster is itself alone: the sandbox formed a cluster of its own.
            List<Member> members = new ArrayList<>();
            Cluster.get(node.system().classicSystem()).state().getMembers().forEach(members::add);
            assertEquals(1, members.size(), members.toString());
            assertEquals(Cluster.get(node.system().classicSystem()).selfAddress(), members.get(0).address());

            // The same query does see what the node writes: the empty journal above is not a wrong keyspace.
            node.createRoom("after the warm-up");
            assertEquals(1, persistenceIds(cassandra, keyspace).size(), "a class created after the start");
            assertTrue(tablesWithRows(cassandra, keyspace).contains("messages"), "the tables' check sees a write");
        }
    }

    private static long meter(String metrics, String name) {
        return (long) value(metrics, name);
    }

    private static double value(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([-0-9.E]+|NaN)$").matcher(metrics);
        assertTrue(line.find(), name + " missing from /metrics");
        return Double.parseDouble(line.group(1));
    }

    private static List<String> persistenceIds(CqlSession cassandra, String keyspace) {
        return rows(cassandra, "SELECT DISTINCT persistence_id, partition_nr FROM " + keyspace + ".messages");
    }

    private static List<String> tablesWithRows(CqlSession cassandra, String keyspace) {
        return cassandra.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace).all().stream()
                .map(row -> row.getString("table_name"))
                .filter(table -> cassandra.execute("SELECT * FROM " + keyspace + "." + table + " LIMIT 1").one() != null)
                .toList();
    }

    private static List<String> rows(CqlSession cassandra, String query) {
        return cassandra.execute(query).all().stream().map(row -> row.getString("persistence_id")).toList();
    }
}
