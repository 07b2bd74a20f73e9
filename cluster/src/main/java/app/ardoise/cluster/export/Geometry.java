package app.ardoise.cluster.export;

import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.whiteboard.VisibleShape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Where a shape lies on its page, in board units (1/10 CSS px, y downwards), as web/app's render.ts draws it: a
 * freehand stroke through its points, a line or an arrow from (x, y) to (x + width, y + height), the other kinds in
 * the box from (x, y) of width × height (which may be negative). Rotation turns the shape about its centre.
 */
final class Geometry {
    /** render.ts's defaults, for a property left at zero. */
    static final int STROKE_WIDTH = 20;
    static final int FONT_SIZE = 200;
    /** An arrow's head: its side at least this long, or four stroke widths, opened 0.45 rad either side. */
    private static final double HEAD = 80;
    private static final double HEAD_ANGLE = 0.45;

    private Geometry() {}

    static int strokeWidth(ShapeProps props) {
        return props.getStrokeWidth() == 0 ? STROKE_WIDTH : props.getStrokeWidth();
    }

    /** The box of a box kind, made positive. */
    static Rectangle2D box(ShapeProps props) {
        double x = Math.min(props.getX(), props.getX() + (double) props.getWidth());
        double y = Math.min(props.getY(), props.getY() + (double) props.getHeight());
        return new Rectangle2D.Double(x, y, Math.abs((double) props.getWidth()), Math.abs((double) props.getHeight()));
    }

    /** A freehand stroke's points, absolute: CreateShape keeps them relative to (x, y), then as deltas. */
    static double[] absolute(VisibleShape shape) {
        List<Integer> deltas = shape.points();
        double[] points = new double[deltas.size() / 2 * 2];
        double x = shape.props().getX();
        double y = shape.props().getY();
        for (int i = 0; i + 1 < deltas.size(); i += 2) {
            x += deltas.get(i);
            y += deltas.get(i + 1);
            points[i] = x;
            points[i + 1] = y;
        }
        return points;
    }

    /** The outline a shape strokes (freehand, line, arrow, rectangle, ellipse), before its rotation. */
    static Path2D outline(VisibleShape shape) {
        ShapeProps props = shape.props();
        Path2D path = new Path2D.Double();
        switch (shape.kind()) {
            case SHAPE_KIND_PEN, SHAPE_KIND_HIGHLIGHTER -> {
                double[] points = absolute(shape);
                if (points.length >= 2) {
                    path.moveTo(points[0], points[1]);
                    // A single point still shows, as a dot of the pen's width (round caps).
                    path.lineTo(points[0], points[1]);
                    for (int i = 2; i + 1 < points.length; i += 2) {
                        path.lineTo(points[i], points[i + 1]);
                    }
                }
            }
            case SHAPE_KIND_LINE, SHAPE_KIND_ARROW -> {
                double x2 = props.getX() + (double) props.getWidth();
                double y2 = props.getY() + (double) props.getHeight();
                path.moveTo(props.getX(), props.getY());
                path.lineTo(x2, y2);
                if (shape.kind() == ShapeKind.SHAPE_KIND_ARROW) {
                    double angle = Math.atan2(props.getHeight(), props.getWidth());
                    double head = Math.max(HEAD, strokeWidth(props) * 4.0);
                    for (int side = -1; side <= 1; side += 2) {
                        path.moveTo(x2, y2);
                        path.lineTo(x2 - head * Math.cos(angle + side * HEAD_ANGLE), y2 - head * Math.sin(angle + side * HEAD_ANGLE));
                    }
                }
            }
            case SHAPE_KIND_RECTANGLE -> path.append(box(props), false);
            case SHAPE_KIND_ELLIPSE -> {
                Rectangle2D box = box(props);
                path.append(new Ellipse2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight()), false);
            }
            default -> path.append(box(props), false);
        }
        return path;
    }

    /** Turns board units about the shape's centre by its rotation (hundredths of a degree, clockwise on screen). */
    static AffineTransform rotation(VisibleShape shape) {
        if (shape.props().getRotation() == 0) {
            return new AffineTransform();
        }
        Rectangle2D extent = shape.kind() == ShapeKind.SHAPE_KIND_PEN || shape.kind() == ShapeKind.SHAPE_KIND_HIGHLIGHTER
                || shape.kind() == ShapeKind.SHAPE_KIND_LINE || shape.kind() == ShapeKind.SHAPE_KIND_ARROW
                ? outline(shape).getBounds2D() : box(shape.props());
        return AffineTransform.getRotateInstance(Math.toRadians(shape.props().getRotation() / 100.0),
                extent.getCenterX(), extent.getCenterY());
    }

    /** Where the shape's ink can reach once turned: its outline or box, widened by half its stroke. */
    static Rectangle2D reach(VisibleShape shape) {
        Rectangle2D bounds = rotation(shape).createTransformedShape(outline(shape)).getBounds2D();
        double half = strokeWidth(shape.props()) / 2.0;
        return new Rectangle2D.Double(bounds.getX() - half, bounds.getY() - half,
                bounds.getWidth() + 2 * half, bounds.getHeight() + 2 * half);
    }
}
