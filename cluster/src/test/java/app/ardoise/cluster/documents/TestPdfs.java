package app.ardoise.cluster.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** PDFs written with PDFBox for the tests: good ones, and each kind of hostile one a teacher's upload could be. */
public final class TestPdfs {
    private TestPdfs() {
    }

    /** Pages of A4 landscape, each with its number in large type and a rectangle, as slides. */
    public static byte[] slides(int pages) {
        return slides(pages, "Page");
    }

    /** As {@link #slides(int)}, each page's text {@code label} and its number: other content, other blobs. */
    public static byte[] slides(int pages, String label) {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            for (int number = 1; number <= pages; number++) {
                PDPage page = new PDPage(new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()));
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.setNonStrokingColor(0.1f, 0.3f, 0.7f);
                    content.addRect(60, 60, 300, 200);
                    content.fill();
                    content.beginText();
                    content.setFont(font, 96);
                    content.newLineAtOffset(420, 300);
                    content.showText(label + " " + number);
                    content.endText();
                }
            }
            return saved(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One page whose content stream is {@code inflated} bytes of spaces (valid, empty content) deflated to little. */
    public static byte[] decompressionBomb(long inflated) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            COSStream stream = document.getDocument().createCOSStream();
            try (OutputStream raw = stream.createRawOutputStream()) {
                raw.write(deflatedSpaces(inflated));
            }
            stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            page.setContents(new PDStream(stream));
            return saved(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hugePage(float points) {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(new PDRectangle(points, points)));
            return saved(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Needs a password to open (a user password), as a teacher's protected file would. */
    public static byte[] encrypted() {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(PDRectangle.A4));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return saved(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A PDF whose cross-reference table points nowhere and whose catalog cannot be found by scanning either: the
     * trailer's /Root names no object, and no object says it is the catalog.
     */
    public static byte[] brokenXref() {
        String text = new String(slides(1), StandardCharsets.ISO_8859_1);
        int xref = text.lastIndexOf("xref");
        String broken = text.substring(0, xref)
                .replace("/Catalog", "/Catalxg")
                .replace("/Pages", "/Pagxs")
                + "xref\n0 2\n0000000000 65535 f \n0009999999 00000 n \ntrailer\n<< /Size 2 /Root 77 0 R >>\nstartxref\n9999999\n%%EOF\n";
        return broken.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] deflatedSpaces(long inflated) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long written = 0; written < inflated; written += spaces.length) {
            deflater.setInput(spaces);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] saved(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
