package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.auth.TokenService;
import app.ardoise.cluster.support.JournalWriter;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.JoinGrant;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.ParticipantJoined;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomCreated;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One whiteboard op stamped 2^64-1 must not break a class's board: the room refuses it, and a class whose
 * journal already holds one (written before the bound) recovers into a board that clients draw on again.
 */
class RunawayClockTest {
    private static final long TOP = -1L; // 2^64-1 as a uint64

    @Test
    void an_op_at_the_top_of_the_clock_is_refused_and_everyone_goes_on_drawing() {
        TestNode node = TestNode.shared();
        CreateRoomResponse room = node.createRoom("Arts plastiques");
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken());
             WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
            teacher.join(room.getTeacher().getToken(), "Mme Roux");
            teacher.send(ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                    .setLocks(Locks.newBuilder().setStudentsMayDraw(true))));
            teacher.await(ServerFrame::hasAck);
            Welcome welcome = student.join(room.getStudent().getToken(), "Hugo");
            String page = welcome.getRoom().getWhiteboard().getPages(0).getPageId();
            String me = welcome.getParticipantId();

            long hostile = student.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder()
                    .addOps(rectangle(me, TOP, page, me + ":1"))));
            ServerFrame refused = student.await(frame -> frame.hasError() && frame.getError().getClientSeq() == hostile);
            assertEquals(ErrorCode.INVALID, refused.getError().getCode(), refused.getError().getMessage());

            for (WsClient client : List.of(student, teacher)) {
                client.send(ClientFrame.newBuilder().setResync(app.ardoise.protocol.v1.Resync.getDefaultInstance()));
                Welcome now = client.await(ServerFrame::hasWelcome).getWelcome();
                WhiteboardDoc doc = WhiteboardDoc.fromProto(now.getRoom().getWhiteboard());
                assertTrue(doc.maxLamport() < 1_000, "the board's clock stayed where it was: " + doc.maxLamport());
                LocalAuthor author = new LocalAuthor(now.getParticipantId(), doc);
                String shape = author.newId();
                long seq = client.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder()
                        .addOps(author.stamp(draft(page, shape)))));
                ServerFrame answer = client.await(frame -> (frame.hasAck() || frame.hasError())
                        && (frame.hasAck() ? frame.getAck().getClientSeq() : frame.getError().getClientSeq()) == seq);
                assertTrue(answer.hasAck(), "a well-behaved client's next op is accepted: " + answer);
            }
        }
    }

    @Test
    void a_class_whose_journal_holds_a_runaway_clock_recovers_and_is_drawn_on_again() {
        TestNode node = TestNode.shared();
        String roomId = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        String page = "room:1";
        JournalWriter.write(node.system(), roomId, List.of(
                event(1, "", RoomEvent.newBuilder().setCreated(RoomCreated.newBuilder().setTitle("Ancienne classe"))),
                event(2, "pold", RoomEvent.newBuilder().setJoined(ParticipantJoined.newBuilder()
                        .setParticipantId("pold").setName("Élève d'avant").setRole(Role.ROLE_TEACHER))),
                event(3, "pold", RoomEvent.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder()
                        .addOps(rectangle("pold", 2, page, "pold:2"))
                        .addOps(rectangle("pold", TOP, page, "pold:top"))))));

        String token = new TokenService(TestNode.TOKEN_SECRET, Clock.systemUTC()).sign(JoinGrant.newBuilder()
                .setRoom(roomId).setRole(Role.ROLE_TEACHER)
                .setExpiresAtEpochS(Clock.systemUTC().instant().getEpochSecond() + 3600).build());
        try (WsClient teacher = node.connect(roomId, token)) {
            Welcome welcome = teacher.join(token, "M. Blanc");
            WhiteboardDoc doc = WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard());
            assertEquals(3, doc.maxLamport(), "the runaway op took the next clock after the board's");
            assertEquals(2, doc.liveShapeCount(page), "both shapes written are still there");

            LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), doc);
            long seq = teacher.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder()
                    .addOps(author.stamp(WhiteboardOp.newBuilder().setPage(page).setCreateShape(CreateShape.newBuilder()
                            .setShapeId(author.newId()).setKind(ShapeKind.SHAPE_KIND_ELLIPSE)
                            .setProps(ShapeProps.newBuilder().setX(10).setY(10).setWidth(50).setHeight(50))).build()))));
            ServerFrame answer = teacher.await(frame -> (frame.hasAck() && frame.getAck().getClientSeq() == seq)
                    || (frame.hasError() && frame.getError().getClientSeq() == seq));
            assertTrue(answer.hasAck(), "drawn again after recovery: " + answer);
        }
    }

    private static WhiteboardOp rectangle(String client, long lamport, String page, String shapeId) {
        return draft(page, shapeId).toBuilder().setId(shapeId).setLamport(lamport).setClientId(client).build();
    }

    /** A rectangle as a client draws it, before its author stamps it. */
    private static WhiteboardOp draft(String page, String shapeId) {
        return WhiteboardOp.newBuilder().setPage(page)
                .setCreateShape(CreateShape.newBuilder().setShapeId(shapeId).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                        .setProps(ShapeProps.newBuilder().setX(100).setY(100).setWidth(80).setHeight(60)
                                .setStrokeColor("#1f2933").setStrokeWidth(20).setOpacity(100).setZIndex("a0")))
                .build();
    }

    private static RoomEvent event(long seq, String author, RoomEvent.Builder body) {
        return body.setSeq(seq).setAuthor(author).setTimeMs(System.currentTimeMillis()).build();
    }
}
