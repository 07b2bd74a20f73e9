package app.ardoise.cluster.documents;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Conversion with real PDFBox on PDFs it writes itself: good ones, and each hostile kind refused alone. */
class DocumentConverterTest {
    private static final DocumentSettings SETTINGS = new DocumentSettings(30L << 20, 20, 800, 120, 14_400f,
            Duration.ofSeconds(20), 1L << 20, 8L << 20, 1, 4, Duration.ofSeconds(60), 256L << 20, Optional.empty());
    /** Office documents are LibreOffice's (OfficeDocumentsTest); here, a node without it. */
    static final OfficeConverter NO_OFFICE = OfficeConverter.of("off", "", Duration.ofSeconds(1));
    private static final DocumentConverter CONVERTER = new DocumentConverter(SETTINGS, NO_OFFICE);

    @AfterAll
    static void stop() {
        CONVERTER.close();
    }

    @Test
    void every_page_of_a_pdf_becomes_an_image_and_a_thumbnail_and_progress_counts_them() throws Exception {
        List<String> told = new ArrayList<>();
        List<RenderedPage> pages = CONVERTER.convert(TestPdfs.slides(3), new ConversionProgress() {
            @Override
            public void pages(int total) {
                told.add("of " + total);
            }

            @Override
            public void done(int pagesDone) {
                told.add("done " + pagesDone);
            }
        }).toCompletableFuture().get();

        assertEquals(List.of("of 3", "done 1", "done 2", "done 3"), told);
        assertEquals(3, pages.size());
        for (RenderedPage page : pages) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.image()));
            BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(page.thumbnail()));
            assertEquals(800, image.getWidth(), "the longer side at page-pixels");
            assertEquals(800 * PDRectangle.A4.getWidth() / PDRectangle.A4.getHeight(), image.getHeight(), 1, "a landscape A4");
            assertEquals(page.width(), image.getWidth());
            assertEquals(page.height(), image.getHeight());
            assertEquals(120, thumbnail.getWidth());
            // The blue rectangle is drawn: a page is not blank.
            int rgb = image.getRGB(150, image.getHeight() - 150);
            assertTrue((rgb & 0xff) > 120 && ((rgb >> 16) & 0xff) < 80, Integer.toHexString(rgb));
        }
    }

    /**
     * PDFBox decodes a content stream as it parses it, so a bomb holds no memory: it holds the thread, as long
     * as its inflated bytes take to parse. The page's time limit ends it, and the node converts the next one.
     */
    @Test
    void a_decompression_bomb_is_refused_for_its_time_and_the_next_document_converts() {
        DocumentSettings quick = new DocumentSettings(30L << 20, 20, 800, 120, 14_400f, Duration.ofSeconds(1),
                1L << 20, 8L << 20, 1, 4, Duration.ofSeconds(60), 256L << 20, Optional.empty());
        try (DocumentConverter converter = new DocumentConverter(quick, NO_OFFICE)) {
            byte[] bomb = TestPdfs.decompressionBomb(512L << 20);
            assertTrue(bomb.length < 1 << 20, "512 MiB inflated from " + bomb.length + " bytes");
            DocumentRefused refused = assertThrows(DocumentRefused.class, () -> converter.convertNow(bomb, Quiet.INSTANCE));
            assertEquals("page_too_slow", refused.code(), refused.getMessage());
            assertEquals("page 1 takes more than 1 s to draw: this PDF is too complex to show", refused.getMessage());
            assertEquals(2, assertDoesNotThrow(() -> converter.convertNow(TestPdfs.slides(2), Quiet.INSTANCE)).size());
        }
    }

    @Test
    void a_page_of_20000_points_a_side_is_refused_before_anything_is_drawn() {
        DocumentRefused refused = refusal(TestPdfs.hugePage(20_000));
        assertEquals("page_too_large", refused.code());
        assertEquals("page 1 measures 20000 × 20000 points; pages up to 14400 points a side are accepted", refused.getMessage());
    }

    @Test
    void a_pdf_whose_xref_and_catalog_are_broken_is_refused() {
        DocumentRefused refused = refusal(TestPdfs.brokenXref());
        assertEquals("unreadable", refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("this file cannot be read as a PDF"), refused.getMessage());
    }

    @Test
    void a_pdf_that_needs_a_password_is_refused() {
        DocumentRefused refused = refusal(TestPdfs.encrypted());
        assertEquals("encrypted", refused.code());
        assertEquals("this PDF is protected by a password: save it without one and upload it again", refused.getMessage());
    }

    @Test
    void more_pages_than_allowed_are_refused() {
        DocumentRefused refused = refusal(TestPdfs.slides(21));
        assertEquals("too_many_pages", refused.code());
        assertTrue(refused.getMessage().startsWith("this PDF has 21 pages; at most 20"), refused.getMessage());
    }

    @Test
    void an_image_becomes_one_page_scaled_to_the_screen() throws Exception {
        BufferedImage photo = new BufferedImage(2400, 1200, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(photo, "png", png);
        List<RenderedPage> pages = convert(png.toByteArray());
        assertEquals(1, pages.size());
        assertEquals(800, pages.get(0).width());
        assertEquals(400, pages.get(0).height());
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(photo, "jpeg", jpeg);
        assertEquals(1, convert(jpeg.toByteArray()).size());
    }

    @Test
    void an_image_declaring_a_huge_size_is_refused_without_decoding_it() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        byte[] bytes = png.toByteArray();
        // IHDR's width and height (bytes 16 to 23) say 100,000 × 100,000; the CRC no longer matches, which the
        // header read does not check.
        byte[] huge = {0, 1, (byte) 0x86, (byte) 0xa0, 0, 1, (byte) 0x86, (byte) 0xa0};
        System.arraycopy(huge, 0, bytes, 16, 8);
        DocumentRefused refused = refusal(bytes);
        assertEquals("image_too_large", refused.code(), refused.getMessage());
    }

    @Test
    void a_webp_image_becomes_one_page() throws Exception {
        // Encoded by Chromium (canvas.toDataURL("image/webp", 0.8)): lossy VP8 in an extended (VP8X) file.
        byte[] webp = DocumentConverterTest.class.getResourceAsStream("/documents/lesson.webp").readAllBytes();
        List<RenderedPage> pages = convert(webp);
        assertEquals(1, pages.size());
        assertEquals(320, pages.get(0).width());
        assertEquals(200, pages.get(0).height());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(pages.get(0).image()));
        // The yellow rectangle drawn at (40, 40) to (160, 120) on blue.
        int rgb = image.getRGB(100, 80);
        assertTrue((rgb >> 16 & 0xff) > 200 && (rgb & 0xff) < 120, "not yellow: " + Integer.toHexString(rgb));
        assertEquals("unreadable", refusal("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)).code());
    }

    @Test
    void office_files_without_libreoffice_and_other_files_are_refused_with_what_to_do() throws IOException {
        byte[] docx = DocumentConverterTest.class.getResourceAsStream("/documents/lesson.docx").readAllBytes();
        DocumentRefused office = refusal(docx);
        assertEquals("office_unsupported", office.code());
        assertTrue(office.getMessage().contains("LibreOffice is not installed"), office.getMessage());
        assertEquals("unsupported_type", refusal("hello".getBytes(StandardCharsets.US_ASCII)).code());
        // A ZIP that is no office document (no [Content_Types].xml, no OpenDocument mimetype) is not one.
        assertEquals("unsupported_type", refusal(new byte[] {'P', 'K', 3, 4, 0, 0}).code());
    }

    @Test
    void a_full_queue_refuses_at_once_as_busy() throws Exception {
        DocumentSettings one = new DocumentSettings(30L << 20, 200, 1600, 120, 14_400f, Duration.ofSeconds(20),
                1L << 20, 8L << 20, 1, 1, Duration.ofSeconds(60), 256L << 20, Optional.empty());
        try (DocumentConverter converter = new DocumentConverter(one, NO_OFFICE)) {
            byte[] pdf = TestPdfs.slides(30);
            var first = converter.convert(pdf, Quiet.INSTANCE);
            var second = converter.convert(pdf, Quiet.INSTANCE);
            var third = converter.convert(pdf, Quiet.INSTANCE);
            var refused = assertThrows(Exception.class, () -> third.toCompletableFuture().get());
            assertEquals("busy", ((DocumentRefused) refused.getCause()).code());
            assertEquals(30, first.toCompletableFuture().get().size());
            assertEquals(30, second.toCompletableFuture().get().size());
        }
    }

    private static List<RenderedPage> convert(byte[] bytes) {
        try {
            return CONVERTER.convertNow(bytes, Quiet.INSTANCE);
        } catch (DocumentRefused e) {
            throw new AssertionError(e.code() + ": " + e.getMessage(), e);
        }
    }

    private static DocumentRefused refusal(byte[] bytes) {
        return assertThrows(DocumentRefused.class, () -> CONVERTER.convertNow(bytes, Quiet.INSTANCE));
    }

    private enum Quiet implements ConversionProgress {
        INSTANCE;

        @Override
        public void pages(int total) {
        }

        @Override
        public void done(int pagesDone) {
        }
    }
}
