package app.ardoise.cluster.export;

import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.whiteboard.VisiblePage;
import app.ardoise.protocol.whiteboard.VisibleShape;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * What of a board page its PDF page shows, in board units. A document's page (its lowest shape a picture) shows
 * that picture's box, a plain page the area the browser first shows (render.ts's 1600 × 1000 px); either grows to
 * take in every shape, so that nothing drawn past the edge is cut off.
 */
final class PageArea {
    static final double PLAIN_WIDTH = 16_000;
    static final double PLAIN_HEIGHT = 10_000;

    private PageArea() {}

    static Rectangle2D of(VisiblePage page, Lettering lettering) {
        List<VisibleShape> shapes = page.shapes();
        Rectangle2D area = !shapes.isEmpty() && shapes.get(0).kind() == ShapeKind.SHAPE_KIND_IMAGE
                ? Geometry.rotation(shapes.get(0)).createTransformedShape(Geometry.box(shapes.get(0).props())).getBounds2D()
                : new Rectangle2D.Double(0, 0, PLAIN_WIDTH, PLAIN_HEIGHT);
        for (VisibleShape shape : shapes) {
            area.add(reach(shape, lettering));
        }
        return area;
    }

    private static Rectangle2D reach(VisibleShape shape, Lettering lettering) {
        if (shape.kind() != ShapeKind.SHAPE_KIND_TEXT && shape.kind() != ShapeKind.SHAPE_KIND_STICKY_NOTE) {
            return shape.kind() == ShapeKind.SHAPE_KIND_IMAGE
                    ? Geometry.rotation(shape).createTransformedShape(Geometry.box(shape.props())).getBounds2D()
                    : Geometry.reach(shape);
        }
        // Text runs past its box (a text shape's box may be empty): its lines' own extent counts too.
        ShapeProps props = shape.props();
        double size = props.getFontSize() == 0 ? Geometry.FONT_SIZE : props.getFontSize();
        Lettering.Lettered lettered = lettering.letter(props.getText());
        List<String> lines = Lettering.lines(lettered, Double.POSITIVE_INFINITY);
        double widest = lines.stream().mapToDouble(line -> Lettering.width(lettered.font(), line)).max().orElse(0) * size;
        Rectangle2D extent = Geometry.box(props);
        extent.add(new Rectangle2D.Double(extent.getX(), extent.getY(), widest, lines.size() * size * 1.25));
        return Geometry.rotation(shape).createTransformedShape(extent).getBounds2D();
    }
}
