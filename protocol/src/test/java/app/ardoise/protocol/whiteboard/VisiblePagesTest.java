package app.ardoise.protocol.whiteboard;

import static app.ardoise.protocol.whiteboard.Ops.addPage;
import static app.ardoise.protocol.whiteboard.Ops.clear;
import static app.ardoise.protocol.whiteboard.Ops.create;
import static app.ardoise.protocol.whiteboard.Ops.delete;
import static app.ardoise.protocol.whiteboard.Ops.rect;
import static app.ardoise.protocol.whiteboard.Ops.removePage;
import static app.ardoise.protocol.whiteboard.Ops.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a board shows, as data (the PDF export's input): the same pages and shapes, in the same order, as the view text. */
class VisiblePagesTest {

    @Test
    void live_pages_in_order_with_their_shown_shapes_in_paint_order_and_effective_props() {
        WhiteboardDoc doc = new WhiteboardDoc();
        doc.apply(addPage(1, "a", "second", "Deux", "a2"));
        doc.apply(addPage(2, "a", "first", "Un", "a1"));
        doc.apply(addPage(3, "a", "gone", "Retirée", "a0"));
        doc.apply(removePage(4, "a", "gone"));
        doc.apply(on("first", rect(5, "a", "top", "a5")));
        doc.apply(on("first", rect(6, "b", "bottom", "a1")));
        doc.apply(on("first", rect(7, "a", "deleted", "a3")));
        doc.apply(on("first", delete(8, "a", "deleted")));
        doc.apply(on("first", update(9, "b", "bottom", ShapeProps.newBuilder().setStrokeColor("#ff0000").build())));
        doc.apply(on("second", create(10, "a", "ink", ShapeKind.SHAPE_KIND_PEN,
                ShapeProps.newBuilder().setX(5).setY(6).setZIndex("a0").build(), 0, 0, 3, 4)));
        doc.apply(on("second", rect(11, "a", "cleared", "a1")));
        doc.apply(on("second", clear(12, "a")));
        doc.apply(on("second", create(13, "a", "after", ShapeKind.SHAPE_KIND_PEN,
                ShapeProps.newBuilder().setZIndex("a2").build(), 0, 0, 3, 4)));

        List<VisiblePage> pages = doc.visiblePages();

        assertEquals(List.of("first", "second"), pages.stream().map(VisiblePage::pageId).toList());
        assertEquals(List.of("Un", "Deux"), pages.stream().map(VisiblePage::title).toList());
        assertEquals(List.of("bottom", "top"), pages.get(0).shapes().stream().map(VisibleShape::shapeId).toList());
        VisibleShape bottom = pages.get(0).shapes().get(0);
        assertEquals("b", bottom.owner());
        assertEquals("#ff0000", bottom.props().getStrokeColor());
        assertEquals(ShapeKind.SHAPE_KIND_RECTANGLE, bottom.kind());
        VisibleShape after = pages.get(1).shapes().get(0);
        assertEquals(1, pages.get(1).shapes().size(), "a clear deletes what was made before it");
        assertEquals(List.of(0, 0, 3, 4), after.points());
    }

    private static WhiteboardOp on(String page, WhiteboardOp op) {
        return op.toBuilder().setPage(page).build();
    }
}
