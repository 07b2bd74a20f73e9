package app.ardoise.cluster.export;

import app.ardoise.protocol.whiteboard.VisiblePage;
import app.ardoise.protocol.whiteboard.VisibleShape;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.util.Matrix;

/**
 * A board as a PDF: one PDF page per board page, in the board's order; on each, its shapes in paint order, the
 * pictures as images and everything drawn as vectors, placed as on screen. A document's page keeps its picture's
 * proportions, 1 CSS px of the board being {@link #POINTS_PER_UNIT} × 10 points (a 1600 px page is 800 points wide,
 * about A4's); a page that would pass PDF's 14,400 points a side is scaled down to fit.
 */
public final class BoardPdf {
    static final double POINTS_PER_UNIT = 0.05;
    private static final double MAX_POINTS = 14_400;

    private BoardPdf() {}

    /**
     * @param pictures the board's pictures by blob hash: JPEG or PNG, as the class's blobs hold them
     * @param wideFont a TrueType font for the text Helvetica cannot write (Lettering)
     * @throws ExportRefused past {@code deadline}, or past {@code maxWritten} path segments and characters
     */
    public static byte[] render(List<VisiblePage> pages, Map<String, byte[]> pictures, Optional<Path> wideFont,
                                Instant deadline, long maxWritten, Clock clock, MemoryUsageSetting memory) {
        try (PDDocument pdf = new PDDocument(memory.streamCache)) {
            Map<String, PDImageXObject> images = new HashMap<>();
            for (Map.Entry<String, byte[]> picture : pictures.entrySet()) {
                images.put(picture.getKey(), PDImageXObject.createFromByteArray(pdf, picture.getValue(), picture.getKey()));
            }
            Lettering lettering = new Lettering(pdf, wideFont);
            ShapePainter painter = new ShapePainter(lettering, images);
            for (VisiblePage page : pages) {
                Rectangle2D area = PageArea.of(page, lettering);
                double scale = Math.min(POINTS_PER_UNIT, MAX_POINTS / Math.max(1, Math.max(area.getWidth(), area.getHeight())));
                PDPage sheet = new PDPage(new PDRectangle((float) (area.getWidth() * scale), (float) (area.getHeight() * scale)));
                pdf.addPage(sheet);
                try (PDPageContentStream out = new PDPageContentStream(pdf, sheet)) {
                    // Board units, y downwards from the area's top left, onto PDF points, y upwards from the bottom left.
                    out.transform(new Matrix((float) scale, 0, 0, (float) -scale,
                            (float) (-area.getX() * scale), (float) (area.getMaxY() * scale)));
                    for (VisibleShape shape : page.shapes()) {
                        painter.paint(out, shape);
                        if (clock.instant().isAfter(deadline)) {
                            throw new ExportRefused(false, "this board takes too long to export");
                        }
                        if (painter.written() > maxWritten) {
                            throw new ExportRefused(false, "this board has too much drawn on it to export");
                        }
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            // Objects in the open, not in object streams: a little larger beside the pictures, readable by any reader.
            pdf.save(bytes, CompressParameters.NO_COMPRESSION);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
