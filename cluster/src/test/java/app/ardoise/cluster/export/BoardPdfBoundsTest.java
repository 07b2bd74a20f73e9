package app.ardoise.cluster.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.whiteboard.VisiblePage;
import app.ardoise.protocol.whiteboard.VisibleShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** What the export does with what a board may hold at its limits: far shapes, missing pictures, odd text, no time. */
class BoardPdfBoundsTest {
    private static final Instant LATER = Instant.now().plusSeconds(60);
    private static final String MIXED = "Œuvre à faire\tpour jeudi\n日本 € « ok » 😀";

    @Test
    void a_page_drawn_on_far_and_wide_is_scaled_into_pdfs_largest_page() throws Exception {
        VisibleShape far = shape(ShapeKind.SHAPE_KIND_LINE, ShapeProps.newBuilder().setX(-1_000_000).setY(-1_000_000)
                .setWidth(1_000_000).setHeight(1_000_000).setStrokeWidth(2_000));
        try (PDDocument pdf = Loader.loadPDF(render(List.of(new VisiblePage("p", "", List.of(far))), Map.of(), LATER))) {
            PDRectangle box = pdf.getPage(0).getMediaBox();
            assertTrue(box.getWidth() <= 14_400.5f && box.getHeight() <= 14_400.5f, box.toString());
            assertTrue(box.getWidth() > 14_000, "the page keeps the largest size it may: " + box);
        }
    }

    @Test
    void a_plain_page_is_the_area_the_browser_first_shows_and_a_missing_picture_shows_its_place() throws Exception {
        VisibleShape missing = shape(ShapeKind.SHAPE_KIND_IMAGE, ShapeProps.newBuilder().setX(0).setY(0).setWidth(16_000)
                .setHeight(9_000).setImage("0".repeat(64)));
        VisibleShape odd = shape(ShapeKind.SHAPE_KIND_RECTANGLE, ShapeProps.newBuilder().setX(100).setY(100).setWidth(-50)
                .setHeight(-50).setStrokeColor("red").setFillColor("#12345"));
        try (PDDocument pdf = Loader.loadPDF(render(List.of(new VisiblePage("plain", "", List.of(odd)),
                new VisiblePage("document", "", List.of(missing))), Map.of(), LATER))) {
            assertEquals(800, pdf.getPage(0).getMediaBox().getWidth(), 0.01);
            assertEquals(500, pdf.getPage(0).getMediaBox().getHeight(), 0.01);
            assertEquals(450, pdf.getPage(1).getMediaBox().getHeight(), 0.01, "a document's page is its picture's box");
            assertFalse(pdf.getPage(1).getResources().getXObjectNames().iterator().hasNext(), "no image for a picture that is missing");
        }
    }

    @Test
    void without_a_wide_font_text_beyond_helveticas_encoding_shows_as_question_marks_and_the_rest_as_written() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(render(List.of(new VisiblePage("p", "", List.of(note(MIXED, 100)))), Map.of(), LATER))) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Œuvre à faire pour jeudi"), text);
            assertTrue(text.contains("?? € « ok » ?"), text);
        }
    }

    @Test
    void with_a_wide_font_a_text_helvetica_cannot_write_is_written_whole_in_it_and_the_others_stay_in_helvetica() throws Exception {
        Path dejaVu = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        assertTrue(Files.isReadable(dejaVu), "bin/test installs fonts-dejavu-core");
        VisibleShape plain = note("Œuvre à faire", 100);
        VisibleShape names = note("Αλέξανδρος, Алёна, Zoë", 3_000);
        byte[] written = BoardPdf.render(List.of(new VisiblePage("p", "", List.of(plain, names, note(MIXED, 6_000)))), Map.of(),
                Optional.of(dejaVu), LATER, 1_000_000, Clock.systemUTC(), MemoryUsageSetting.setupMainMemoryOnly());
        try (PDDocument pdf = Loader.loadPDF(written)) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Œuvre à faire"), text);
            assertTrue(text.contains("Αλέξανδρος, Алёна, Zoë"), text);
            // DejaVu Sans has no Han characters (it has this emoji): those alone stay "?".
            assertTrue(text.contains("Œuvre à faire pour jeudi\n?? € « ok » 😀"), text);
            List<String> fonts = new ArrayList<>();
            for (COSName name : pdf.getPage(0).getResources().getFontNames()) {
                fonts.add(pdf.getPage(0).getResources().getFont(name).getName());
            }
            assertEquals(2, fonts.size(), fonts.toString());
            assertTrue(fonts.contains("Helvetica"), fonts.toString());
            assertTrue(fonts.stream().anyMatch(font -> font.endsWith("+DejaVuSans")), "embedded as a subset: " + fonts);
        }
    }

    @Test
    void an_export_past_its_deadline_is_refused_as_too_large_not_busy() {
        VisibleShape line = shape(ShapeKind.SHAPE_KIND_LINE, ShapeProps.newBuilder().setWidth(100).setHeight(100));
        ExportRefused refused = assertThrows(ExportRefused.class,
                () -> render(List.of(new VisiblePage("p", "", List.of(line))), Map.of(), Instant.now().minusSeconds(1)));
        assertFalse(refused.busy());
        assertTrue(refused.getMessage().contains("too long"), refused.getMessage());
    }

    private static byte[] render(List<VisiblePage> pages, Map<String, byte[]> pictures, Instant deadline) {
        return BoardPdf.render(pages, pictures, Optional.empty(), deadline, 1_000_000, Clock.systemUTC(), MemoryUsageSetting.setupMainMemoryOnly());
    }

    private static VisibleShape note(String text, int y) {
        return shape(ShapeKind.SHAPE_KIND_STICKY_NOTE, ShapeProps.newBuilder().setX(100).setY(y).setWidth(3_000)
                .setHeight(2_000).setText(text));
    }

    private static VisibleShape shape(ShapeKind kind, ShapeProps.Builder props) {
        return new VisibleShape("c:1", kind, "c", props.setZIndex("a0").build(), List.of());
    }
}
