package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.WhiteboardOp;

/**
 * The pen strokes of a big sample board: the node's warm-up draws them so that the JIT has seen a board of that
 * size encoded before a class's first Welcome, and bench/board-bench draws them to measure that Welcome. One
 * shape keeps both boards alike.
 */
public final class SampleStrokes {
    /** Points of each stroke: a zigzag about as long as a handwritten word. */
    public static final int POINTS = 40;

    private SampleStrokes() {
    }

    /** The {@code n}th stroke, laid on a grid of 100 columns so that strokes do not overlap. */
    public static WhiteboardOp stroke(String id, String page, int n) {
        CreateShape.Builder create = CreateShape.newBuilder().setShapeId(id).setKind(ShapeKind.SHAPE_KIND_PEN)
                .setProps(ShapeProps.newBuilder().setX((n % 100) * 200).setY((n / 100) * 150)
                        .setStrokeColor("#1e1e1e").setStrokeWidth(30).setOpacity(100).setZIndex("a0"));
        for (int i = 0; i < POINTS; i++) {
            create.addPoints(i == 0 ? 0 : 9).addPoints(i % 3 == 0 ? 7 : -3);
        }
        return WhiteboardOp.newBuilder().setPage(page).setCreateShape(create).build();
    }
}
