package app.ardoise.bench;

import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.DocumentResponse;
import com.google.protobuf.util.JsonFormat;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The time a node takes to convert a teacher's PDF, from the upload's first byte to the document being ready
 * (every page rendered, its image and thumbnail stored in Cassandra), for PDFs of each size in {@code --pages}.
 * Each page is a slide: a title, ten lines of text, vector shapes and a photograph (a JPEG of its own per page,
 * so nothing is shared between pages).
 */
public final class DocumentLoad {
    private DocumentLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        RoomApi api = RoomApi.from(options);
        String baseUrl = options.string("url", "http://127.0.0.1:8080").replaceAll("/+$", "");
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder result = new StringBuilder("result:");
        for (String size : options.string("pages", "50,200").split(",")) {
            int pages = Integer.parseInt(size.strip());
            byte[] pdf = slides(pages);
            CreateRoomResponse room = api.create("documents " + pages);
            long start = System.nanoTime();
            uploaded(http, baseUrl, room, pdf);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d pages (%.1f MB): ready in %.1f s, %.0f ms a page%n", pages, pdf.length / 1e6, seconds,
                    seconds * 1000 / pages);
            result.append(" pages").append(pages).append("_s=").append(String.format("%.1f", seconds));
        }
        System.out.println(result);
    }

    /** Uploads the PDF with the class's teacher link and polls until it is converted; fails unless it is ready. */
    static DocumentResponse uploaded(HttpClient http, String baseUrl, CreateRoomResponse room, byte[] pdf) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rooms/"
                        + room.getRoomId() + "/documents?name=bench.pdf"))
                .header("Authorization", "Bearer " + room.getTeacher().getToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("upload refused: " + started.statusCode() + " " + started.body());
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        DocumentResponse status;
        do {
            Thread.sleep(100);
            HttpResponse<String> polled = http.send(HttpRequest.newBuilder(URI.create(baseUrl + location))
                    .header("Authorization", "Bearer " + room.getTeacher().getToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            DocumentResponse.Builder parsed = DocumentResponse.newBuilder();
            JsonFormat.parser().merge(polled.body(), parsed);
            status = parsed.build();
        } while (status.getStatus().equals("converting") || status.getStatus().equals("storing"));
        if (!status.getStatus().equals("ready")) {
            throw new IllegalStateException("conversion failed: " + status.getError() + " " + status.getMessage());
        }
        return status;
    }

    static byte[] slides(int pages) throws Exception {
        try (PDDocument document = new PDDocument()) {
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int number = 1; number <= pages; number++) {
                PDPage page = new PDPage(new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()));
                document.addPage(page);
                PDImageXObject photo = JPEGFactory.createFromImage(document, photo(number), 0.8f);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(bold, 32);
                    content.newLineAtOffset(50, 530);
                    content.showText("Chapter " + number + ": the water cycle");
                    content.setFont(regular, 14);
                    for (int line = 0; line < 10; line++) {
                        content.newLineAtOffset(0, -24);
                        content.showText("Line " + (line + 1) + " of the lesson: evaporation, condensation, precipitation.");
                    }
                    content.endText();
                    content.setStrokingColor(0.8f, 0.1f, 0.1f);
                    content.setLineWidth(3);
                    for (int shape = 0; shape < 20; shape++) {
                        content.addRect(50 + shape * 18, 40 + shape * 4, 60, 40);
                    }
                    content.stroke();
                    content.drawImage(photo, 480, 120, 320, 240);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static BufferedImage photo(int seed) {
        BufferedImage image = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(seed * 37 % 256, 120, 200), 1024, 768, new Color(250, seed * 91 % 256, 40)));
        g.fillRect(0, 0, 1024, 768);
        g.dispose();
        return image;
    }
}
