package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.Cursor;
import app.ardoise.protocol.v1.LiveStroke;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The room's side of the bounds (protocol/WHITEBOARD.md, "Sizes and bounds"): how far a clock may
 * lead is measured against the board as the room judges it, pending batches and the batch's earlier
 * ops included. The bounds themselves are covered by protocol's shared whiteboard-bounds.json.
 */
class RoomBoundsTest extends RoomTestBase {
    private static final String PAGE = FirstPage.PAGE_ID;
    private static final String AHEAD = "lamport more than 100000 ahead of the board";
    private Member teacherMember;

    @BeforeEach
    void joinTeacher() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        teacherMember = room.getState().member("t1").orElseThrow();
    }

    @Test
    void issue_14_an_op_at_the_largest_clock_is_refused_and_the_board_goes_on() {
        // The class's first page has clock 1: that is the board's max_lamport.
        assertEquals(1, room.getState().whiteboard().maxLamport());
        expectRefused("t1", teacher, ClientFrame.newBuilder().setWhiteboard(batch(create(-1L, "t1:1"))), ErrorCode.INVALID);
        assertEquals(1, room.getState().whiteboard().maxLamport());
        assertInstanceOf(Decision.Accept.class, judge(batch(create(2, "t1:2")), List.of()));
    }

    @Test
    void a_clock_may_lead_the_board_by_100000() {
        assertInstanceOf(Decision.Accept.class, judge(batch(create(100_001, "t1:1")), List.of()));
        assertEquals(new Decision.Reject(ErrorCode.INVALID, AHEAD), judge(batch(create(100_002, "t1:1")), List.of()));
    }

    @Test
    void the_lead_is_measured_with_pending_batches_and_the_batchs_earlier_ops() {
        WhiteboardBatch far = batch(create(200_001, "t1:2"));
        assertEquals(new Decision.Reject(ErrorCode.INVALID, AHEAD), judge(far, List.of()));
        assertInstanceOf(Decision.Accept.class, judge(far, List.of(batch(create(100_001, "t1:1")))));
        assertInstanceOf(Decision.Accept.class, judge(batch(create(100_001, "t1:1"), recolour(200_001, "t1:1")), List.of()));
    }

    @Test
    void a_live_stroke_out_of_bounds_is_refused_with_its_reason() {
        LiveStroke stroke = LiveStroke.newBuilder().setStrokeId("t1:9").setPage(PAGE).setKind(ShapeKind.SHAPE_KIND_PEN)
                .setColor("red").addAllPoints(List.of(10, 10)).build();
        assertEquals(new Decision.Reject(ErrorCode.INVALID, "malformed colour"),
                WhiteboardRules.liveStroke(room.getState(), teacherMember, stroke));
        assertInstanceOf(Decision.Relay.class,
                WhiteboardRules.liveStroke(room.getState(), teacherMember, stroke.toBuilder().setColor("#e03131").build()));
    }

    @Test
    void a_pointer_out_of_bounds_is_refused_with_its_reason() {
        Cursor far = Cursor.newBuilder().setPage(PAGE).setX(1_000_001).setY(0).build();
        assertEquals(new Decision.Reject(ErrorCode.INVALID, "x out of range"), WhiteboardRules.cursor(room.getState(), teacherMember, far));
        assertInstanceOf(Decision.Relay.class,
                WhiteboardRules.cursor(room.getState(), teacherMember, far.toBuilder().setX(1_000_000).build()));
    }

    @Test
    void the_view_keeps_the_greatest_clock_unsigned() {
        WhiteboardDoc doc = new WhiteboardDoc();
        BatchView view = new BatchView(doc);
        assertEquals(0, view.maxLamport());
        view.accept(create(-1L, "t1:1").build());
        view.accept(create(5, "t1:2").build());
        assertEquals(-1L, view.maxLamport(), "2^64 - 1 stays the greatest");
    }

    private Decision judge(WhiteboardBatch batch, List<WhiteboardBatch> pending) {
        return WhiteboardRules.batch(room.getState(), teacherMember, batch, pending);
    }

    private static WhiteboardBatch batch(WhiteboardOp.Builder... ops) {
        WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
        for (WhiteboardOp.Builder op : ops) {
            batch.addOps(op);
        }
        return batch.build();
    }

    private static WhiteboardOp.Builder op(long lamport) {
        return WhiteboardOp.newBuilder().setId("t1:" + Long.toUnsignedString(lamport)).setLamport(lamport)
                .setClientId("t1").setPage(PAGE);
    }

    private static WhiteboardOp.Builder create(long lamport, String shapeId) {
        return op(lamport).setCreateShape(CreateShape.newBuilder().setShapeId(shapeId)
                .setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                .setProps(ShapeProps.newBuilder().setX(10).setY(20).setWidth(300).setHeight(200)
                        .setStrokeColor("#000000").setStrokeWidth(20).setOpacity(100).setZIndex("a0")));
    }

    private static WhiteboardOp.Builder recolour(long lamport, String shapeId) {
        return op(lamport).setUpdateProps(UpdateProps.newBuilder().setShapeId(shapeId)
                .setProps(ShapeProps.newBuilder().setStrokeColor("#00ff00")));
    }
}
