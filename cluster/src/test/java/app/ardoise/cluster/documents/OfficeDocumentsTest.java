package app.ardoise.cluster.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Office documents through the real LibreOffice (bin/test installs Debian's libreoffice-writer-nogui and
 * libreoffice-impress-nogui), then PDFBox. The fixtures were written by LibreOffice from a two-page lesson: a
 * Word file, and a PowerPoint file made from its PDF.
 */
class OfficeDocumentsTest {
    private static final DocumentSettings SETTINGS = new DocumentSettings(30L << 20, 20, 800, 120, 14_400f,
            Duration.ofSeconds(20), 16L << 20, 64L << 20, 1, 4, Duration.ofSeconds(60), 256L << 20, Optional.empty());
    private static final OfficeConverter OFFICE = OfficeConverter.of("soffice", System.getenv("PATH"), Duration.ofSeconds(90));
    private static DocumentConverter converter;

    @BeforeAll
    static void start() {
        assertTrue(OFFICE.available(), "LibreOffice's soffice is not on the PATH: bin/test installs it "
                + "(apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-impress-nogui)");
        converter = new DocumentConverter(SETTINGS, OFFICE);
    }

    @AfterAll
    static void stop() {
        converter.close();
    }

    @Test
    void a_word_document_becomes_its_pages() throws Exception {
        List<RenderedPage> pages = converter.convertNow(fixture("lesson.docx"), Quiet.INSTANCE);
        assertEquals(2, pages.size());
        for (RenderedPage page : pages) {
            assertEquals(800, Math.max(page.width(), page.height()));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.image()));
            assertTrue(hasInk(image), "a blank page: the text was not drawn");
        }
    }

    @Test
    void a_powerpoint_document_becomes_its_slides() throws Exception {
        assertEquals(2, converter.convertNow(fixture("lesson.pptx"), Quiet.INSTANCE).size());
    }

    @Test
    void a_damaged_office_document_is_refused_and_the_next_converts() throws Exception {
        DocumentRefused refused = assertThrows(DocumentRefused.class,
                () -> converter.convertNow(damagedWordFile(), Quiet.INSTANCE));
        assertEquals("unreadable", refused.code(), refused.getMessage());
        assertEquals(2, converter.convertNow(fixture("lesson.docx"), Quiet.INSTANCE).size());
    }

    @Test
    void a_document_slower_than_its_time_is_killed_and_refused() throws Exception {
        try (DocumentConverter hurried = new DocumentConverter(SETTINGS, OfficeConverter.of("soffice", System.getenv("PATH"), Duration.ofMillis(200)))) {
            DocumentRefused refused = assertThrows(DocumentRefused.class,
                    () -> hurried.convertNow(fixture("lesson.docx"), Quiet.INSTANCE));
            assertEquals("office_too_slow", refused.code(), refused.getMessage());
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").contains("soffice")),
                "LibreOffice was left running");
    }

    /** A ZIP that says it is a Word file ([Content_Types].xml) and holds nothing of one. */
    private static byte[] damagedWordFile() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types><broken".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static boolean hasInk(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                if ((image.getRGB(x, y) & 0xff) < 100) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] fixture(String name) throws IOException {
        return OfficeDocumentsTest.class.getResourceAsStream("/documents/" + name).readAllBytes();
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
