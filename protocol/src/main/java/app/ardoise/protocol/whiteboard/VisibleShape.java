package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import java.util.List;

/**
 * A shown shape: its kind, owner, effective properties (every register's value; an unset one reads as zero) and,
 * for freehand kinds, its points as CreateShape carries them (relative to (x, y), then deltas).
 */
public record VisibleShape(String shapeId, ShapeKind kind, String owner, ShapeProps props, List<Integer> points) {
    public VisibleShape {
        points = List.copyOf(points);
    }
}
