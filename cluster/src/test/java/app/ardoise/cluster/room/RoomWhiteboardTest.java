package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClearPage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Cursor;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.Reorder;
import app.ardoise.protocol.v1.RestoreShape;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The room's whiteboard checks (protocol/WHITEBOARD.md, "What the room checks"), one refusal each. */
class RoomWhiteboardTest extends RoomTestBase {
    private static final String PAGE = FirstPage.PAGE_ID;
    private long clientSeq = 100;

    @BeforeEach
    void joinBoth() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        teacher.receiveMessage();
    }

    @Test
    void a_batch_is_judged_with_the_batches_accepted_before_it_and_not_yet_written() {
        WhiteboardBatch create = batch(create("t1", 1, "t1:9"));
        WhiteboardBatch recolour = batch(op("t1", 2).setUpdateProps(UpdateProps.newBuilder().setShapeId("t1:9")
                .setProps(ShapeProps.newBuilder().setStrokeColor("#00ff00"))));
        Member author = room.getState().member("t1").orElseThrow();
        var alone = WhiteboardRules.batch(room.getState(), author, recolour, List.of());
        assertEquals(ErrorCode.NO_SUCH_SHAPE, ((Decision.Reject) alone).code());
        assertInstanceOf(Decision.Accept.class, WhiteboardRules.batch(room.getState(), author, recolour, List.of(create)));
    }

    @Test
    void a_batch_is_one_event_broadcast_to_the_others_and_acknowledged() {
        RoomEvent event = accepted("t1", teacher, batch(
                create("t1", 1, "t1:1"),
                op("t1", 2).setUpdateProps(UpdateProps.newBuilder().setShapeId("t1:1")
                        .setProps(ShapeProps.newBuilder().setStrokeColor("#ff0000"))),
                op("t1", 3).setReorder(Reorder.newBuilder().setShapeId("t1:1").setZIndex("a5"))));
        assertEquals(3, event.getWhiteboard().getOpsCount());
        assertEquals(event, liveThenWritten(student));
        assertTrue(room.getState().whiteboard().shape(PAGE, "t1:1").orElseThrow().live());
    }

    @Test
    void students_may_not_draw_until_a_teacher_allows_it() {
        expectRefused("s1", student, frame(batch(create("s1", 1, "s1:1"))), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setCursor(Cursor.newBuilder().setPage(PAGE)),
                ErrorCode.FORBIDDEN);
        allowDrawing();
        accepted("s1", student, batch(create("s1", 1, "s1:1")));
    }

    @Test
    void students_change_only_their_own_shapes_and_never_pages() {
        accepted("t1", teacher, batch(create("t1", 1, "t1:1")));
        liveThenWritten(student);
        allowDrawing();
        accepted("s1", student, batch(create("s1", 5, "s1:5")));
        liveThenWritten(teacher);

        expectRefused("s1", student, frame(batch(op("s1", 6).setUpdateProps(UpdateProps.newBuilder()
                .setShapeId("t1:1").setProps(ShapeProps.newBuilder().setX(3))))), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, frame(batch(op("s1", 6).setDeleteShape(
                DeleteShape.newBuilder().setShapeId("t1:1")))), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, frame(batch(op("s1", 6).setClearPage(ClearPage.getDefaultInstance()))),
                ErrorCode.FORBIDDEN);
        expectRefused("s1", student, frame(batch(op("s1", 6).setPage("s1:page").setAddPage(
                AddPage.newBuilder().setOrder("a1")))), ErrorCode.FORBIDDEN);

        accepted("s1", student, batch(op("s1", 7).setDeleteShape(DeleteShape.newBuilder().setShapeId("s1:5"))));
        accepted("s1", student, batch(op("s1", 8).setRestoreShape(RestoreShape.newBuilder().setShapeId("s1:5"))));
    }

    @Test
    void a_student_brings_back_only_what_they_took_away_themselves() {
        allowDrawing();
        accepted("s1", student, batch(create("s1", 1, "s1:1"), create("s1", 2, "s1:2")));
        liveThenWritten(teacher);
        accepted("t1", teacher, batch(op("t1", 3).setDeleteShape(DeleteShape.newBuilder().setShapeId("s1:1"))));
        liveThenWritten(student);
        expectRefused("s1", student, frame(batch(op("s1", 4).setRestoreShape(RestoreShape.newBuilder().setShapeId("s1:1")))),
                ErrorCode.FORBIDDEN);

        accepted("s1", student, batch(op("s1", 5).setDeleteShape(DeleteShape.newBuilder().setShapeId("s1:2"))));
        liveThenWritten(teacher);
        accepted("t1", teacher, batch(op("t1", 6).setClearPage(ClearPage.getDefaultInstance())));
        liveThenWritten(student);
        expectRefused("s1", student, frame(batch(op("s1", 7).setRestoreShape(RestoreShape.newBuilder().setShapeId("s1:2")))),
                ErrorCode.FORBIDDEN);

        accepted("s1", student, batch(create("s1", 8, "s1:8"),
                op("s1", 9).setDeleteShape(DeleteShape.newBuilder().setShapeId("s1:8")),
                op("s1", 10).setRestoreShape(RestoreShape.newBuilder().setShapeId("s1:8"))));
        liveThenWritten(teacher);
        accepted("t1", teacher, batch(op("t1", 11).setRestoreShape(RestoreShape.newBuilder().setShapeId("s1:1"))));
    }

    @Test
    void identity_liveness_and_sizes_are_checked_per_op() {
        allowDrawing();
        expectRefused("s1", student, frame(batch(create("t1", 1, "t1:1"))), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, frame(batch(create("s1", 1, "t1:1"))), ErrorCode.INVALID);
        expectRefused("s1", student, frame(batch(create("s1", 0, "s1:0"))), ErrorCode.INVALID);
        expectRefused("s1", student, frame(batch(create("s1", 2, "s1:1"), create("s1", 1, "s1:2"))),
                ErrorCode.INVALID);
        expectRefused("s1", student, frame(batch(create("s1", 1, "s1:1").setPage("no-such-page"))),
                ErrorCode.NO_SUCH_SHAPE);
        expectRefused("s1", student, frame(batch(stroke("s1", 1, "s1:1", 5_001))), ErrorCode.TOO_LARGE);
        expectRefused("s1", student, frame(batch(op("s1", 1).setCreateShape(CreateShape.newBuilder()
                .setShapeId("s1:1").setKind(ShapeKind.SHAPE_KIND_TEXT)
                .setProps(ShapeProps.newBuilder().setText("x".repeat(2_001)))))), ErrorCode.TOO_LARGE);
        expectRefused("s1", student, frame(batch(op("s1", 1).setUpdateProps(UpdateProps.newBuilder()
                .setShapeId("s1:404").setProps(ShapeProps.newBuilder().setX(1))))), ErrorCode.NO_SUCH_SHAPE);

        accepted("s1", student, batch(stroke("s1", 1, "s1:1", 5_000)));
        liveThenWritten(teacher);
        expectRefused("s1", student, frame(batch(create("s1", 2, "s1:1"))), ErrorCode.INVALID);
        expectRefused("s1", student, frame(batch(op("s1", 2).setRestoreShape(
                RestoreShape.newBuilder().setShapeId("s1:1")))), ErrorCode.NO_SUCH_SHAPE);
    }

    /** WHITEBOARD.md: `image` is "required by an image's create and set on no other kind", by an update neither. */
    @Test
    void a_picture_is_set_on_images_only() {
        String picture = "ab".repeat(32);
        accepted("t1", teacher, batch(create("t1", 1, "t1:1")));
        liveThenWritten(student);
        expectRefused("t1", teacher, frame(batch(op("t1", 2).setUpdateProps(UpdateProps.newBuilder()
                .setShapeId("t1:1").setProps(ShapeProps.newBuilder().setImage(picture))))), ErrorCode.INVALID);
        expectRefused("t1", teacher, frame(batch(create("t1", 3, "t1:3"), op("t1", 4).setUpdateProps(UpdateProps.newBuilder()
                .setShapeId("t1:3").setProps(ShapeProps.newBuilder().setImage(picture))))), ErrorCode.INVALID);
        accepted("t1", teacher, batch(op("t1", 5).setCreateShape(CreateShape.newBuilder().setShapeId("t1:5")
                .setKind(ShapeKind.SHAPE_KIND_IMAGE).setProps(ShapeProps.newBuilder().setWidth(10).setHeight(10)
                        .setImage(picture))),
                op("t1", 6).setUpdateProps(UpdateProps.newBuilder().setShapeId("t1:5")
                        .setProps(ShapeProps.newBuilder().setImage("cd".repeat(32))))));
    }

    @Test
    void one_refused_op_refuses_the_whole_batch() {
        String before = room.getState().whiteboard().digest();
        long seq = room.getState().lastSeq();
        expectRefused("t1", teacher, frame(batch(
                create("t1", 1, "t1:1"),
                op("t1", 2).setDeleteShape(DeleteShape.newBuilder().setShapeId("t1:2")))), ErrorCode.NO_SUCH_SHAPE);
        assertEquals(before, room.getState().whiteboard().digest());
        assertEquals(seq, room.getState().lastSeq());
        student.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void a_batch_sees_its_own_earlier_ops() {
        accepted("t1", teacher, batch(create("t1", 1, "t1:1")));
        liveThenWritten(student);
        accepted("t1", teacher, batch(
                op("t1", 2).setClearPage(ClearPage.getDefaultInstance()),
                op("t1", 3).setRestoreShape(RestoreShape.newBuilder().setShapeId("t1:1")),
                create("t1", 4, "t1:4"),
                op("t1", 5).setDeleteShape(DeleteShape.newBuilder().setShapeId("t1:4"))));
        expectRefused("t1", teacher, frame(batch(
                op("t1", 6).setDeleteShape(DeleteShape.newBuilder().setShapeId("t1:1")),
                op("t1", 7).setUpdateProps(UpdateProps.newBuilder().setShapeId("t1:1")
                        .setProps(ShapeProps.newBuilder().setX(1))))), ErrorCode.NO_SUCH_SHAPE);
    }

    @Test
    void a_page_holds_at_most_20000_shapes() {
        WhiteboardBatch.Builder full = WhiteboardBatch.newBuilder();
        for (int n = 1; n <= 20_000; n++) {
            full.addOps(create("t1", n, "t1:" + n));
        }
        accepted("t1", teacher, full.build());
        expectRefused("t1", teacher, frame(batch(create("t1", 20_001, "t1:20001"))), ErrorCode.TOO_LARGE);
    }

    @Test
    void live_strokes_and_pointers_go_to_the_others_unwritten() throws InvalidProtocolBufferException {
        long seq = room.getState().lastSeq();
        LiveStroke stroke = LiveStroke.newBuilder().setStrokeId("t1:9").setPage(PAGE)
                .setKind(ShapeKind.SHAPE_KIND_PEN).setFromIndex(0).addAllPoints(java.util.List.of(10, 10, 1, 2)).build();
        assertTrue(submit("t1", teacher, 0, ClientFrame.newBuilder().setLiveStroke(stroke)).hasNoEvents());
        assertEquals(stroke.toBuilder().setClientId("t1").build(), relayed(student).getLiveStroke());

        submit("t1", teacher, 0, ClientFrame.newBuilder().setCursor(Cursor.newBuilder().setPage(PAGE).setX(4).setY(5)));
        Cursor cursor = relayed(student).getCursor();
        assertEquals("t1", cursor.getClientId());
        assertEquals(4, cursor.getX());
        teacher.expectNoMessage(Duration.ofMillis(50));
        assertEquals(seq, room.getState().lastSeq());

        allowDrawing();
        expectRefused("s1", student, ClientFrame.newBuilder().setLiveStroke(stroke), ErrorCode.INVALID);
    }

    @Test
    void a_late_joiner_and_a_recovered_room_have_the_board_the_others_built() {
        allowDrawing();
        WhiteboardDoc teachersReplica = new WhiteboardDoc();
        teachersReplica.merge(room.getState().whiteboard().toProto());
        accepted("s1", student, batch(stroke("s1", 1, "s1:1", 40)));
        teachersReplica.apply(liveThenWritten(teacher).getWhiteboard());
        for (int n = 2; n < 12; n++) {
            RoomEvent event = accepted("t1", teacher, batch(
                    create("t1", n * 2, "t1:" + n),
                    op("t1", n * 2 + 1).setUpdateProps(UpdateProps.newBuilder().setShapeId("t1:" + n)
                            .setProps(ShapeProps.newBuilder().setFillColor("#00ff00")))));
            teachersReplica.apply(event.getWhiteboard());
            liveThenWritten(student);
        }

        TestProbe<ToSession> late = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s2", "Late", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef()));
        var welcome = single(late).getWelcome();
        assertEquals(teachersReplica.digest(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()).digest());

        room.restart();
        assertEquals(teachersReplica.digest(), room.getState().whiteboard().digest());
    }

    @Test
    void a_client_whose_batch_was_refused_gets_the_whole_board_again() {
        accepted("t1", teacher, batch(create("t1", 1, "t1:1")));
        liveThenWritten(student);
        expectRefused("t1", teacher, frame(batch(create("t1", 2, "t1:1"))), ErrorCode.INVALID);
        submit("t1", teacher, 7, ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
        var welcome = single(teacher).getWelcome();
        assertTrue(welcome.getResumed());
        assertEquals(room.getState().lastSeq(), welcome.getLastSeq());
        assertEquals(room.getState().whiteboard().digest(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()).digest());
    }

    private void allowDrawing() {
        submit("t1", teacher, ++clientSeq, ClientFrame.newBuilder().setSetLocks(
                SetLocks.newBuilder().setLocks(Locks.newBuilder().setStudentsMayDraw(true))));
        teacher.receiveMessage();
        assertTrue(broadcast(student).getLocksChanged().getLocks().getStudentsMayDraw());
    }

    /**
     * Submits the batch, expects it written, and returns its event as the author received it before the ack.
     * The room writes it in its next journal write (group commit), not within the Submit.
     */
    private RoomEvent accepted(String author, TestProbe<ToSession> session, WhiteboardBatch batch) {
        long seq = ++clientSeq;
        submit(author, session, seq, frame(batch));
        RoomEvent event = broadcast(session);
        assertEquals(batch, event.getWhiteboard());
        assertEquals(author, event.getAuthor());
        var ack = single(session).getAck();
        assertEquals(seq, ack.getClientSeq());
        assertEquals(event.getSeq(), ack.getSeq());
        assertTrue(room.getState().lastSeq() >= event.getSeq(), "acknowledged once written");
        return event;
    }

    private static ServerFrame relayed(TestProbe<ToSession> session) throws InvalidProtocolBufferException {
        return ServerFrame.parseFrom(session.expectMessageClass(ToSession.Relay.class).frame().toArrayUnsafe());
    }

    private static ClientFrame.Builder frame(WhiteboardBatch batch) {
        return ClientFrame.newBuilder().setWhiteboard(batch);
    }

    private static WhiteboardBatch batch(WhiteboardOp.Builder... ops) {
        WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
        for (WhiteboardOp.Builder op : ops) {
            batch.addOps(op);
        }
        return batch.build();
    }

    private static WhiteboardOp.Builder op(String client, long lamport) {
        return WhiteboardOp.newBuilder().setId(client + ":" + lamport).setLamport(lamport).setClientId(client).setPage(PAGE);
    }

    private static WhiteboardOp.Builder create(String client, long lamport, String shapeId) {
        return op(client, lamport).setCreateShape(CreateShape.newBuilder()
                .setShapeId(shapeId)
                .setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                .setProps(ShapeProps.newBuilder().setX(10).setY(20).setWidth(300).setHeight(200)
                        .setStrokeColor("#000000").setStrokeWidth(20).setOpacity(100).setZIndex("a0")));
    }

    private static WhiteboardOp.Builder stroke(String client, long lamport, String shapeId, int points) {
        return op(client, lamport).setCreateShape(CreateShape.newBuilder()
                .setShapeId(shapeId)
                .setKind(ShapeKind.SHAPE_KIND_PEN)
                .setProps(ShapeProps.newBuilder().setStrokeColor("#1e1e1e").setStrokeWidth(30).setZIndex("a1"))
                .addAllPoints(Collections.nCopies(points * 2, 1)));
    }
}
