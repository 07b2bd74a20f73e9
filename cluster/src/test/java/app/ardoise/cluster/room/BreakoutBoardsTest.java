package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.FractionalIndex;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page's order may be "" (WHITEBOARD.md, "Sizes and bounds"), which is no fractional index. A class whose live
 * pages all had that order threw when a group's board came back, at every restart after it too (it asks the group
 * again), so the board never came back and the class kept dropping everyone in it.
 */
class BreakoutBoardsTest {
    @Test
    void a_board_comes_back_after_pages_whose_order_is_empty() {
        WhiteboardDoc classBoard = new WhiteboardDoc();
        classBoard.apply(FirstPage.op());
        classBoard.apply(WhiteboardOp.newBuilder().setLamport(2).setClientId("t1").setPage(FirstPage.PAGE_ID)
                .setAddPage(AddPage.newBuilder().setTitle("Cours").setOrder("")).build());

        WhiteboardBatch batch = BreakoutBoards.pages("g1", "Group 1", groupBoard(), classBoard.toProto(), 2, BreakoutBoards.MAX_BYTES).orElseThrow();

        AddPage added = batch.getOps(0).getAddPage();
        assertEquals("Group 1", added.getTitle());
        assertTrue(FractionalIndex.isKey(added.getOrder()), added.getOrder());
        assertTrue(added.getOrder().compareTo("") > 0, "after the class's pages");
        assertEquals(2, batch.getOpsCount(), "the page and its shape");
    }

    /**
     * A student filled a group's board with 18 MB of strokes in 14 s; its import, one journal write, was refused by
     * Cassandra (16 MiB per CQL message) and the class stopped, then again at each restart. It now comes back in part.
     */
    @Test
    void a_board_past_the_bound_comes_back_in_part_and_in_page_order() {
        WhiteboardDoc group = new WhiteboardDoc();
        group.apply(FirstPage.op());
        group.apply(WhiteboardOp.newBuilder().setLamport(2).setClientId("t1").setPage("t1:p2")
                .setAddPage(AddPage.newBuilder().setTitle("2").setOrder("a1")).build());
        long lamport = 10;
        for (String page : List.of(FirstPage.PAGE_ID, "t1:p2")) {
            for (int n = 0; n < 120; n++) {
                group.apply(WhiteboardOp.newBuilder().setLamport(++lamport).setClientId("s1").setPage(page)
                        .setCreateShape(CreateShape.newBuilder().setShapeId("s1:" + lamport).setKind(ShapeKind.SHAPE_KIND_PEN)
                                .addAllPoints(zigzag(5_000))).build());
            }
        }
        WhiteboardDoc classBoard = new WhiteboardDoc();
        classBoard.apply(FirstPage.op());
        assertTrue(group.toProto().getSerializedSize() > BreakoutBoards.MAX_BYTES, "the board is over the bound");

        WhiteboardBatch batch = BreakoutBoards.pages("g1", "G", group.toProto(), classBoard.toProto(), 1_000,
                BreakoutBoards.MAX_BYTES).orElseThrow();

        assertTrue(batch.getSerializedSize() <= BreakoutBoards.MAX_BYTES, batch.getSerializedSize() + " bytes");
        assertTrue(batch.getOps(0).hasAddPage() && batch.getOps(1).hasCreateShape(), "the first page, with its first shape");
        List<String> pages = batch.getOpsList().stream().filter(WhiteboardOp::hasAddPage).map(WhiteboardOp::getPage).toList();
        assertEquals(List.of("room:g1-p1", "room:g1-p2"), pages, "the first page whole, the second in part");
        WhiteboardOp last = batch.getOps(batch.getOpsCount() - 1);
        assertTrue(last.hasCreateShape(), "a page goes in with its first shape only");
        WhiteboardBatch whole = BreakoutBoards.pages("g1", "G", group.toProto(), classBoard.toProto(), 1_000,
                Integer.MAX_VALUE).orElseThrow();
        assertEquals(2 + 240, whole.getOpsCount(), "unbounded, everything comes back");
        assertEquals(whole.getOpsList().subList(0, batch.getOpsCount()), batch.getOpsList(), "a prefix of the whole import");
    }

    /** A stroke of {@code points} points zigzagging across the board: about 6 bytes a point. */
    private static List<Integer> zigzag(int points) {
        List<Integer> coordinates = new java.util.ArrayList<>(2 * points);
        coordinates.add(0);
        coordinates.add(0);
        int x = 0;
        for (int i = 1; i < points; i++) {
            int delta = x <= 0 ? 900_000 : -900_000;
            x += delta;
            coordinates.add(delta);
            coordinates.add(delta);
        }
        return coordinates;
    }

    private static app.ardoise.protocol.v1.WhiteboardDocument groupBoard() {
        WhiteboardDoc group = new WhiteboardDoc();
        group.apply(FirstPage.op());
        group.apply(WhiteboardOp.newBuilder().setLamport(5).setClientId("s1").setPage(FirstPage.PAGE_ID)
                .setCreateShape(CreateShape.newBuilder().setShapeId("s1:5").setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                        .setProps(ShapeProps.newBuilder().setWidth(100).setHeight(50).setStrokeColor("#000000")))
                .build());
        return group.toProto();
    }
}
