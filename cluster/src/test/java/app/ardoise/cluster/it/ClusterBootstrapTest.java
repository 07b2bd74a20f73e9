package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.NodeProcess;
import app.ardoise.cluster.support.NodeProcesses;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.Replication;
import app.ardoise.persistence.SchemaInstaller;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClusterMember;
import app.ardoise.protocol.v1.ClusterResponse;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real node JVMs started with no seed nodes, Cluster Bootstrap on (its config discovery method
 * listing their three management endpoints on 127.0.0.1): they form one cluster, and it serves a class.
 */
@NodeProcesses
class ClusterBootstrapTest {
    private static final Duration FORMED = Duration.ofSeconds(90);

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    void nodes_without_seeds_form_one_cluster_and_serve_a_class() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        try (var session = TestCassandra.shared().openSession()) {
            SchemaInstaller.install(session, keyspace, Replication.simple(1));
        }
        List<int[]> ports = NodeProcess.ports(3);
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.startBootstrapping("bootstrap-" + i, ports.get(i), ports, keyspace));
        }
        // Ready means an Up member: every node got into a cluster, though not yet that it is one cluster.
        long deadline = started + FORMED.toNanos();
        nodes.forEach(node -> node.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
        Map<String, String> all = nodes.stream().collect(Collectors.toMap(NodeProcess::address, node -> "Up"));
        for (NodeProcess node : nodes) {
            awaitMembers(node, all, deadline);
        }
        System.out.printf("bootstrap: one cluster of 3 Up members %.1f s after the JVMs started%n",
                (System.nanoTime() - started) / 1e9);

        CreateRoomResponse.Builder created = CreateRoomResponse.newBuilder();
        JsonFormat.parser().merge(nodes.get(0).post("/api/v1/rooms", "{\"title\":\"amorçage\"}").body(), created);
        CreateRoomResponse room = created.build();
        try (WsClient teacher = WsClient.connect(nodes.get(1).webSocket(room.getRoomId(), room.getTeacher().getToken()));
                WsClient student = WsClient.connect(nodes.get(2).webSocket(room.getRoomId(), room.getStudent().getToken()))) {
            teacher.join(room.getTeacher().getToken(), "prof");
            student.join(room.getStudent().getToken(), "élève");
            long seq = student.chat("bonjour");
            assertEquals(seq, student.await(ServerFrame::hasAck).getAck().getClientSeq());
            RoomEvent chat = teacher.await(frame -> frame.hasEvent() && frame.getEvent().hasChat()).getEvent();
            assertEquals("bonjour", chat.getChat().getText());
        }
    }

    /** Waits until {@code node} sees exactly {@code expected} (address to status) as the members. */
    private static void awaitMembers(NodeProcess node, Map<String, String> expected, long deadline) throws InterruptedException {
        Map<String, String> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = members(node);
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, seen, node.name() + "'s members");
    }

    private static Map<String, String> members(NodeProcess node) {
        try {
            ClusterResponse.Builder cluster = ClusterResponse.newBuilder();
            JsonFormat.parser().merge(node.get("/api/v1/cluster").body(), cluster);
            return cluster.getMembersList().stream().collect(Collectors.toMap(ClusterMember::getAddress, ClusterMember::getStatus));
        } catch (Exception e) {
            return Map.of();
        }
    }
}
