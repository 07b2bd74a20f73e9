package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.Eventually.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.NodeClasses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The meters the alerts of deploy/prometheus read (alerts.yaml): each node's shards, its membership, and
 * the downing and the drain of another node, as the surviving node counts them.
 */
@NodeProcesses
class ClusterMetricsTest {
    private static final Duration READY = Duration.ofSeconds(120);

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void nodes_meter_their_shards_and_count_a_downing_and_a_drain() throws Exception {
        String keyspace = NodeProcess.installedKeyspace();
        List<int[]> ports = NodeProcess.ports(3);
        List<Integer> seeds = ports.stream().map(node -> node[1]).toList();
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("metrics-" + i, ports.get(i), seeds, keyspace));
        }
        nodes.forEach(node -> node.awaitReady(READY));
        NodeProcess survivor = nodes.get(0);
        awaitTrue("three members up", Duration.ofSeconds(60), () -> meter(survivor, "ardoise_members_up") == 3);
        for (int c = 0; c < 12; c++) {
            assertEquals(201, survivor.post("/api/v1/rooms", "{\"title\":\"classe " + c + "\"}").statusCode());
        }

        // Each node's gauge agrees with the coordinator's view, once the 5 s refresh has run.
        awaitTrue("every node's ardoise_shards matches /api/v1/cluster", Duration.ofSeconds(20), () -> {
            ClusterResponse cluster = survivor.cluster();
            return cluster.getNodesCount() == 3 && cluster.getNodesList().stream().allMatch(node ->
                    meter(nodeAt(node), "ardoise_shards") == node.getShardCount());
        });
        assertTrue(nodes.stream().mapToDouble(node -> meter(node, "ardoise_shards")).sum() > 0, "no shard metered");
        assertEquals(1, meter(survivor, "ardoise_member_up"));
        assertEquals(0, meter(survivor, "ardoise_member_changes_total\\{change=\"downed\"}"));

        nodes.get(2).kill();
        awaitTrue("the killed node is downed", Duration.ofSeconds(30),
                () -> meter(survivor, "ardoise_member_changes_total\\{change=\"downed\"}") == 1);
        awaitTrue("and removed", Duration.ofSeconds(30),
                () -> meter(survivor, "ardoise_member_changes_total\\{change=\"removed\"}") == 1
                        && meter(survivor, "ardoise_members_up") == 2
                        && meter(survivor, "ardoise_members_unreachable") == 0);

        assertEquals(0, meter(survivor, "ardoise_member_changes_total\\{change=\"leaving\"}"));
        nodes.get(1).terminate();
        awaitTrue("the drained node was seen leaving", Duration.ofSeconds(30),
                () -> meter(survivor, "ardoise_member_changes_total\\{change=\"leaving\"}") == 1
                        && meter(survivor, "ardoise_members_up") == 1);
        assertEquals(1, meter(survivor, "ardoise_member_changes_total\\{change=\"downed\"}"), "a drain is no downing");
    }

    private NodeProcess nodeAt(NodeClasses node) {
        return nodes.stream().filter(process -> process.address().equals(node.getAddress())).findFirst()
                .orElseThrow(() -> new AssertionError("no node at " + node.getAddress()));
    }


    /** A meter's value on /metrics; the name is a regular expression, labels included when given. */
    private static double meter(NodeProcess node, String name) {
        String metrics = node.get("/metrics").body();
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+-]+)$").matcher(metrics);
        assertTrue(line.find(), name + " missing from /metrics of " + node.name());
        return Double.parseDouble(line.group(1));
    }

}
