package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The first join of a class on a node that has just started, which brings the class back from Cassandra (its
 * snapshot, then the events after it) and encodes its board before the Welcome: the newcomer gets the board as
 * it was, and the node times that join in {@code ardoise_join_latency}.
 */
class ColdJoinTest {
    private static final String CONFIG = "ardoise.room.snapshot-every = 3";

    @Test
    void the_first_join_after_a_restart_gets_the_whole_board_and_is_timed() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        CreateRoomResponse room;
        WhiteboardDoc drawn;
        try (TestNode node = TestNode.start(keyspace, CONFIG)) {
            room = node.createRoom("Tableau");
            String token = room.getTeacher().getToken();
            try (WsClient teacher = node.connect(room.getRoomId(), token)) {
                Welcome welcome = teacher.join(token, "Mme Durand");
                drawn = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
                LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), drawn);
                String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
                // Seven batches: the snapshots taken every three events hold most of the board, the rest is replayed.
                for (int batch = 0; batch < 7; batch++) {
                    WhiteboardBatch.Builder ops = WhiteboardBatch.newBuilder();
                    for (int i = 0; i < 50; i++) {
                        ops.addOps(author.stamp(stroke(author.newId(), page, batch * 50 + i)));
                    }
                    drawn.apply(ops.build());
                    teacher.send(ClientFrame.newBuilder().setWhiteboard(ops));
                    teacher.await(ServerFrame::hasAck);
                }
            }
        }

        try (TestNode restarted = TestNode.start(keyspace, CONFIG);
             WsClient student = restarted.connect(room.getRoomId(), room.getStudent().getToken())) {
            Welcome welcome = student.join(room.getStudent().getToken(), "Léo");
            WhiteboardDoc board = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
            String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
            assertEquals(350, board.liveShapeCount(page));
            assertEquals(drawn.digest(), board.digest(), "the board after the restart is the board drawn");

            String metrics = restarted.get("/metrics").body();
            assertEquals(1, meter(metrics, "ardoise_join_latency_seconds_count"), "the node timed the one join");
            double seconds = meter(metrics, "ardoise_join_latency_seconds_sum");
            assertTrue(seconds > 0 && seconds < WsClient.WAIT.toSeconds(), "join to Welcome: " + seconds + " s");
        }
    }

    private static WhiteboardOp stroke(String id, String page, int n) {
        CreateShape.Builder create = CreateShape.newBuilder().setShapeId(id).setKind(ShapeKind.SHAPE_KIND_PEN)
                .setProps(ShapeProps.newBuilder().setX((n % 20) * 50).setY((n / 20) * 40)
                        .setStrokeColor("#1e1e1e").setStrokeWidth(4).setOpacity(100).setZIndex("a0"));
        for (int i = 0; i < 20; i++) {
            create.addPoints(i == 0 ? 0 : 3).addPoints(i % 3 == 0 ? 2 : -1);
        }
        return WhiteboardOp.newBuilder().setPage(page).setCreateShape(create).build();
    }

    private static double meter(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E-]+)$").matcher(metrics);
        assertTrue(line.find(), name + " missing from /metrics");
        return Double.parseDouble(line.group(1));
    }
}
