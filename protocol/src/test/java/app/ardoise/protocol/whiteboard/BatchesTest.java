package app.ardoise.protocol.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClearPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static final int FRAME_BUDGET = 60 * 1024;

    @Test
    void the_undo_of_clearing_a_full_page_goes_in_parts_that_fit_a_frame_and_end_the_same() {
        WhiteboardDoc teacher = new WhiteboardDoc();
        LocalAuthor author = new LocalAuthor("t", teacher);
        UndoHistory history = new UndoHistory(teacher, author);
        history.apply(WhiteboardBatch.newBuilder().addOps(author.stamp(WhiteboardOp.newBuilder().setPage("p")
                .setAddPage(AddPage.newBuilder().setOrder("a0")).build())).build());
        WhiteboardBatch.Builder full = WhiteboardBatch.newBuilder();
        for (int i = 0; i < WhiteboardLimits.MAX_SHAPES_PER_PAGE; i++) {
            full.addOps(author.stamp(WhiteboardOp.newBuilder().setPage("p").setCreateShape(CreateShape.newBuilder()
                    .setShapeId(author.newId()).setKind(ShapeKind.SHAPE_KIND_RECTANGLE)
                    .setProps(ShapeProps.newBuilder().setX(i).setWidth(10).setHeight(10))).build()));
        }
        history.apply(full.build());
        history.apply(WhiteboardBatch.newBuilder().addOps(author.stamp(WhiteboardOp.newBuilder().setPage("p")
                .setClearPage(ClearPage.getDefaultInstance()).build())).build());
        WhiteboardDoc other = WhiteboardDoc.fromProto(teacher.toProto());

        WhiteboardBatch undo = history.undo().orElseThrow();
        assertTrue(undo.getSerializedSize() > FRAME_BUDGET, "the case this is for: " + undo.getSerializedSize());
        List<WhiteboardBatch> parts = Batches.split(undo, FRAME_BUDGET);
        assertTrue(parts.size() > 1);
        parts.forEach(part -> assertTrue(part.getSerializedSize() <= FRAME_BUDGET, "part of " + part.getSerializedSize()));
        assertEquals(undo.getOpsList(), parts.stream().flatMap(part -> part.getOpsList().stream()).toList());

        parts.forEach(other::apply);
        assertEquals(teacher.digest(), other.digest());
        assertEquals(WhiteboardLimits.MAX_SHAPES_PER_PAGE, other.liveShapeCount("p"));
    }
}
