package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The board over real WebSockets and Cassandra: what the clients already there built, a late joiner
 * receives whole, and a restarted node recovers the same.
 */
class WhiteboardTest {

    @Test
    void late_joiners_and_a_restarted_node_see_the_board_the_class_built() {
        String keyspace = TestCassandra.freshKeyspace();
        // Snapshots every 4 events: recovery reads a snapshot holding the board, then later events.
        String config = "ardoise.room.snapshot-every = 4";
        CreateRoomResponse room;
        String built;
        try (TestNode node = TestNode.start(keyspace, config)) {
            room = node.createRoom("Géométrie");
            try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
                 WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                Replica teachers = new Replica(teacher.join(room.getTeacher().getToken(), "Mme Roux"));
                Replica students = new Replica(student.join(room.getStudent().getToken(), "Inès"));
                String page = teachers.doc.toProto().getPages(0).getPageId();

                teacher.send(ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                        .setLocks(Locks.newBuilder().setStudentsMayDraw(true))));
                teacher.await(ServerFrame::hasAck);
                for (int i = 0; i < 6; i++) {
                    teachers.draw(teacher, page, i);
                    students.draw(student, page, i);
                }
                teacher.send(ClientFrame.newBuilder().setLiveStroke(LiveStroke.newBuilder()
                        .setStrokeId(teachers.author.newId()).setPage(page).setKind(ShapeKind.SHAPE_KIND_PEN)
                        .addAllPoints(List.of(100, 100, 3, 4, 5, 6))));
                // The teacher catches up with the student's last event; the stroke in progress reaches the student.
                teachers.foldUntilSeq(teacher, students.lastSeq);
                LiveStroke relayed = student.await(ServerFrame::hasLiveStroke).getLiveStroke();
                assertEquals(List.of(100, 100, 3, 4, 5, 6), relayed.getPointsList());
                built = teachers.doc.digest();
                assertEquals(built, students.doc.digest(), "both replicas converged");
                assertEquals(12, teachers.doc.liveShapeCount(page));

                try (WsClient late = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                    Welcome welcome = late.join(room.getStudent().getToken(), "Léo");
                    assertEquals(built, WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()).digest());
                }
            }
        }
        try (TestNode restarted = TestNode.start(keyspace, config);
             WsClient after = restarted.connect(room.getRoomId(), room.getTeacher().getToken())) {
            Welcome welcome = after.join(room.getTeacher().getToken(), "M. Blanc");
            assertEquals(built, WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()).digest());
        }
    }

    /** A client's copy of the board: the Welcome's document, then every whiteboard event, its own included. */
    private static final class Replica {
        final WhiteboardDoc doc;
        final LocalAuthor author;
        long lastSeq;

        Replica(Welcome welcome) {
            doc = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
            author = new LocalAuthor(welcome.getParticipantId(), doc);
        }

        /** A rectangle, then a restyle of it in a second batch: two events. */
        void draw(WsClient client, String page, int i) {
            String shape = author.newId();
            send(client, WhiteboardOp.newBuilder().setPage(page).setCreateShape(CreateShape.newBuilder()
                    .setShapeId(shape).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                    .setProps(ShapeProps.newBuilder().setX(i * 100).setY(50).setWidth(80).setHeight(60)
                            .setStrokeColor("#222222").setStrokeWidth(20).setOpacity(100).setZIndex("a" + i))));
            send(client, WhiteboardOp.newBuilder().setPage(page).setUpdateProps(UpdateProps.newBuilder()
                    .setShapeId(shape).setProps(ShapeProps.newBuilder().setFillColor("#ffcc00"))));
        }

        private void send(WsClient client, WhiteboardOp.Builder draft) {
            WhiteboardOp op = author.stamp(draft.build());
            long clientSeq = client.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(op)));
            lastSeq = fold(client, frame -> frame.hasAck() && frame.getAck().getClientSeq() == clientSeq)
                    .getAck().getSeq();
        }

        void foldUntilSeq(WsClient client, long seq) {
            fold(client, frame -> frame.hasEvent() && frame.getEvent().getSeq() == seq);
        }

        /** Applies every whiteboard event up to the frame that matches, and returns that frame. */
        private ServerFrame fold(WsClient client, Predicate<ServerFrame> last) {
            return client.await(frame -> {
                if (frame.hasError()) {
                    throw new AssertionError(frame.getError().toString());
                }
                if (frame.hasEvent() && frame.getEvent().hasWhiteboard()) {
                    doc.apply(frame.getEvent().getWhiteboard());
                }
                return last.test(frame);
            });
        }
    }
}
