package app.ardoise.cluster.export;

import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.whiteboard.VisibleShape;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

/**
 * Draws one shape into a page's content stream, in board units (the page's matrix maps them), as web/app's
 * render.ts paints it on screen: ink as PDF paths (moveTo, lineTo, curveTo, then stroke or fill), text as text, a
 * picture as the image it is. Counts the path segments and characters written, which the export bounds.
 */
final class ShapePainter {
    private static final String INK = "#1f2933";
    private static final String STICKY = "#ffe066";
    /** What the browser shows until a picture has come; here, for one the class no longer holds. */
    private static final Colors PLACEHOLDER = Colors.parse("#f1f3f5").orElseThrow();
    /** A highlighter's ink lets what is under it show, as on screen. */
    private static final float HIGHLIGHTER_ALPHA = 0.35f;
    private static final double LINE_HEIGHT = 1.25;
    /** How far below the top of its line a line's baseline sits, in font sizes (canvas's textBaseline "top"). */
    private static final double ASCENT = 0.9;

    private final Lettering lettering;
    private final Map<String, PDImageXObject> pictures;
    private final Map<Integer, PDExtendedGraphicsState> alphas = new HashMap<>();
    private long written;

    /** @param pictures the document's images by blob hash; a shape whose picture is missing shows its place */
    ShapePainter(Lettering lettering, Map<String, PDImageXObject> pictures) {
        this.lettering = lettering;
        this.pictures = pictures;
    }

    /** Path segments and characters written so far. */
    long written() {
        return written;
    }

    void paint(PDPageContentStream out, VisibleShape shape) throws IOException {
        ShapeProps props = shape.props();
        out.saveGraphicsState();
        if (props.getRotation() != 0) {
            out.transform(new Matrix(Geometry.rotation(shape)));
        }
        Colors ink = Colors.parseOr(props.getStrokeColor(), INK);
        float opacity = (props.getOpacity() == 0 ? 100 : props.getOpacity()) / 100f;
        switch (shape.kind()) {
            case SHAPE_KIND_IMAGE -> picture(out, shape, opacity);
            case SHAPE_KIND_PEN, SHAPE_KIND_HIGHLIGHTER -> {
                alpha(out, opacity * ink.alpha() * (shape.kind() == ShapeKind.SHAPE_KIND_HIGHLIGHTER ? HIGHLIGHTER_ALPHA : 1));
                stroke(out, shape, ink);
            }
            case SHAPE_KIND_LINE, SHAPE_KIND_ARROW -> {
                alpha(out, opacity * ink.alpha());
                stroke(out, shape, ink);
            }
            case SHAPE_KIND_RECTANGLE, SHAPE_KIND_ELLIPSE -> {
                Optional<Colors> fill = Colors.parse(props.getFillColor());
                if (fill.isPresent()) {
                    alpha(out, opacity * fill.get().alpha());
                    out.setNonStrokingColor(fill.get().red(), fill.get().green(), fill.get().blue());
                    path(out, shape);
                    out.fill();
                }
                alpha(out, opacity * ink.alpha());
                stroke(out, shape, ink);
            }
            case SHAPE_KIND_TEXT, SHAPE_KIND_STICKY_NOTE -> text(out, shape, ink, opacity);
            default -> {
                // A kind this node does not know yet: the browser draws nothing for it either.
            }
        }
        out.restoreGraphicsState();
    }

    private void stroke(PDPageContentStream out, VisibleShape shape, Colors ink) throws IOException {
        out.setStrokingColor(ink.red(), ink.green(), ink.blue());
        out.setLineWidth(Geometry.strokeWidth(shape.props()));
        out.setLineCapStyle(1);
        out.setLineJoinStyle(1);
        path(out, shape);
        out.stroke();
    }

    private void path(PDPageContentStream out, VisibleShape shape) throws IOException {
        double[] at = new double[6];
        for (PathIterator segments = Geometry.outline(shape).getPathIterator(null); !segments.isDone(); segments.next()) {
            written++;
            switch (segments.currentSegment(at)) {
                case PathIterator.SEG_MOVETO -> out.moveTo((float) at[0], (float) at[1]);
                case PathIterator.SEG_LINETO -> out.lineTo((float) at[0], (float) at[1]);
                case PathIterator.SEG_CUBICTO -> out.curveTo((float) at[0], (float) at[1], (float) at[2], (float) at[3],
                        (float) at[4], (float) at[5]);
                case PathIterator.SEG_QUADTO -> out.curveTo2((float) at[0], (float) at[1], (float) at[2], (float) at[3]);
                default -> out.closePath();
            }
        }
    }

    private void picture(PDPageContentStream out, VisibleShape shape, float opacity) throws IOException {
        Rectangle2D box = Geometry.box(shape.props());
        alpha(out, opacity);
        PDImageXObject picture = pictures.get(shape.props().getImage());
        if (picture == null) {
            out.setNonStrokingColor(PLACEHOLDER.red(), PLACEHOLDER.green(), PLACEHOLDER.blue());
            out.addRect((float) box.getX(), (float) box.getY(), (float) box.getWidth(), (float) box.getHeight());
            out.fill();
            return;
        }
        // The page's matrix turns y downwards: the picture's unit square is turned back up, so it stands upright.
        out.drawImage(picture, new Matrix((float) box.getWidth(), 0, 0, (float) -box.getHeight(),
                (float) box.getX(), (float) (box.getY() + box.getHeight())));
    }

    private void text(PDPageContentStream out, VisibleShape shape, Colors ink, float opacity) throws IOException {
        ShapeProps props = shape.props();
        Rectangle2D box = Geometry.box(props);
        double size = props.getFontSize() == 0 ? Geometry.FONT_SIZE : props.getFontSize();
        boolean sticky = shape.kind() == ShapeKind.SHAPE_KIND_STICKY_NOTE;
        Colors colour = ink;
        if (sticky) {
            Colors paper = Colors.parseOr(props.getFillColor(), STICKY);
            alpha(out, opacity * paper.alpha());
            out.setNonStrokingColor(paper.red(), paper.green(), paper.blue());
            out.addRect((float) box.getX(), (float) box.getY(), (float) box.getWidth(), (float) box.getHeight());
            out.fill();
            colour = Colors.parse(INK).orElseThrow();
        }
        double pad = sticky ? size / 2 : 0;
        double maxWidth = sticky && box.getWidth() > 0 ? (box.getWidth() - 2 * pad) / size : Double.POSITIVE_INFINITY;
        Lettering.Lettered lettered = lettering.letter(props.getText());
        List<String> lines = Lettering.lines(lettered, maxWidth);
        alpha(out, opacity * colour.alpha());
        out.setNonStrokingColor(colour.red(), colour.green(), colour.blue());
        out.beginText();
        out.setFont(lettered.font(), (float) size);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            // The page's matrix turns y downwards: the text matrix turns it back, so letters stand upright.
            out.setTextMatrix(new Matrix(1, 0, 0, -1, (float) (box.getX() + pad),
                    (float) (box.getY() + pad + i * size * LINE_HEIGHT + size * ASCENT)));
            out.showText(lines.get(i));
            written += lines.get(i).length();
        }
        out.endText();
    }

    /** One graphics state per opacity (in hundredths), shared by every page that uses it. */
    private void alpha(PDPageContentStream out, float alpha) throws IOException {
        int hundredths = Math.round(Math.max(0, Math.min(1, alpha)) * 100);
        PDExtendedGraphicsState state = alphas.computeIfAbsent(hundredths, key -> {
            PDExtendedGraphicsState made = new PDExtendedGraphicsState();
            made.setStrokingAlphaConstant(key / 100f);
            made.setNonStrokingAlphaConstant(key / 100f);
            return made;
        });
        out.setGraphicsStateParameters(state);
    }
}
