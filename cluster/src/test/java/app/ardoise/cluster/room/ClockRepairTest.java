package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ParticipantJoined;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomCreated;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import app.ardoise.protocol.whiteboard.WhiteboardLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A journal written before clocks were bounded, holding an op at 2^64-1, recovers into a board that can be drawn on. */
class ClockRepairTest {
    private static final long MAX = -1L; // 2^64-1 as an unsigned uint64

    @Test
    void an_op_far_ahead_of_the_board_is_restamped_one_past_it_and_the_board_takes_new_ops() {
        RoomState state = new RoomState(50, 100);
        state.apply(event(1, RoomEvent.newBuilder().setCreated(RoomCreated.newBuilder().setTitle("Maths"))));
        state.apply(event(2, RoomEvent.newBuilder().setAuthor("s1").setJoined(ParticipantJoined.newBuilder()
                .setParticipantId("s1").setName("Zoé").setRole(Role.ROLE_STUDENT))));
        state.apply(event(3, RoomEvent.newBuilder().setAuthor("s1").setWhiteboard(batch(create("s1", 5, "s1:5"), create("s1", MAX, "s1:x")))));

        long clock = state.whiteboard().maxLamport();
        assertEquals(6, clock, "the hostile op took the next clock after the one before it");
        RoomEvent kept = state.eventsAfter(2).orElseThrow().get(0);
        assertEquals(6, kept.getWhiteboard().getOps(1).getLamport(), "resumes replay the repaired op");
        assertEquals(2, shownShapes(state.whiteboard()), "nothing accepted is lost");

        Member student = state.member("s1").orElseThrow();
        state.apply(event(4, RoomEvent.newBuilder().setLocksChanged(app.ardoise.protocol.v1.LocksChanged.newBuilder()
                .setLocks(app.ardoise.protocol.v1.Locks.newBuilder().setStudentsMayDraw(true)))));
        Decision next = WhiteboardRules.batch(state, student, batch(create("s1", clock + 1, "s1:7")), List.of());
        assertInstanceOf(Decision.Accept.class, next, "a well-behaved client's next op is accepted");
    }

    @Test
    void the_same_journal_always_recovers_the_same_board() {
        List<RoomEvent> journal = List.of(
                event(1, RoomEvent.newBuilder().setCreated(RoomCreated.newBuilder().setTitle("Maths"))),
                event(2, RoomEvent.newBuilder().setAuthor("t").setWhiteboard(batch(create("t", MAX - 3, "t:1")))),
                event(3, RoomEvent.newBuilder().setAuthor("t").setWhiteboard(batch(create("t", 9, "t:2")))));
        RoomState one = new RoomState(50, 100);
        RoomState two = new RoomState(50, 100);
        journal.forEach(one::apply);
        journal.forEach(two::apply);
        assertEquals(one.whiteboard().digest(), two.whiteboard().digest());
        assertEquals(9, one.whiteboard().maxLamport());
    }

    @Test
    void an_event_within_the_bound_is_kept_as_it_was_written() {
        RoomEvent event = event(3, RoomEvent.newBuilder().setWhiteboard(batch(create("t", 1 + WhiteboardLimits.MAX_LAMPORT_LEAD, "t:1"))));
        assertSame(event, ClockRepair.event(event, 1));
    }

    @Test
    void a_snapshot_holding_a_runaway_clock_is_renumbered_in_order_and_looks_the_same() {
        WhiteboardDoc doc = new WhiteboardDoc();
        doc.apply(FirstPage.op());
        doc.apply(create("t", 5, "t:5"));
        doc.apply(create("s", MAX - 1, "s:1"));
        doc.apply(WhiteboardOp.newBuilder().setId("t:6").setLamport(MAX).setClientId("t").setPage(FirstPage.PAGE_ID)
                .setUpdateProps(app.ardoise.protocol.v1.UpdateProps.newBuilder().setShapeId("t:5")
                        .setProps(app.ardoise.protocol.v1.ShapeProps.newBuilder().setX(40))).build());
        doc.apply(WhiteboardOp.newBuilder().setId("s:2").setLamport(MAX - 1).setClientId("s").setPage(FirstPage.PAGE_ID)
                .setUpdateProps(app.ardoise.protocol.v1.UpdateProps.newBuilder().setShapeId("t:5")
                        .setProps(app.ardoise.protocol.v1.ShapeProps.newBuilder().setX(30))).build());

        var repaired = ClockRepair.document(doc.toProto());
        WhiteboardDoc after = WhiteboardDoc.fromProto(repaired);
        assertEquals(doc.viewDigest(), after.viewDigest(), "every register kept the write it had");
        assertEquals(7, after.maxLamport(), "5, then the two runaway clocks one apart");
        WhiteboardDoc healthy = new WhiteboardDoc();
        healthy.apply(FirstPage.op());
        healthy.apply(create("t", 5, "t:5"));
        var sound = healthy.toProto();
        assertSame(sound, ClockRepair.document(sound), "a sound board is left as it is");
    }

    private static int shownShapes(WhiteboardDoc doc) {
        return doc.liveShapeCount(FirstPage.PAGE_ID);
    }

    private static RoomEvent event(long seq, RoomEvent.Builder body) {
        return body.setSeq(seq).setTimeMs(1_000 * seq).build();
    }

    private static WhiteboardBatch batch(WhiteboardOp... ops) {
        return WhiteboardBatch.newBuilder().addAllOps(List.of(ops)).build();
    }

    private static WhiteboardOp create(String client, long lamport, String shapeId) {
        return WhiteboardOp.newBuilder().setId(shapeId).setLamport(lamport).setClientId(client).setPage(FirstPage.PAGE_ID)
                .setCreateShape(CreateShape.newBuilder().setShapeId(shapeId).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)).build();
    }
}
