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

        WhiteboardBatch batch = BreakoutBoards.pages("g1", "Group 1", groupBoard(), classBoard.toProto(), 2).orElseThrow();

        AddPage added = batch.getOps(0).getAddPage();
        assertEquals("Group 1", added.getTitle());
        assertTrue(FractionalIndex.isKey(added.getOrder()), added.getOrder());
        assertTrue(added.getOrder().compareTo("") > 0, "after the class's pages");
        assertEquals(2, batch.getOpsCount(), "the page and its shape");
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
