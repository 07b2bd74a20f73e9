package app.ardoise.bench;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DocumentPage;
import app.ardoise.protocol.v1.DocumentResponse;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.FractionalIndex;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The time a node takes to export an annotated board as a PDF (GET /api/v1/rooms/{id}/board.pdf): a PDF of
 * {@code --pages} slides (DocumentLoad's) shown as board pages, each annotated by the teacher over the WebSocket
 * with {@code --strokes} pen strokes of 50 points, a rectangle, an ellipse and a text, then downloaded
 * {@code --runs} times with the teacher link. Prints each download's time and the PDF's size.
 */
public final class BoardExportLoad {
    private static final int POINTS_PER_STROKE = 50;

    private BoardExportLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        RoomApi api = RoomApi.from(options);
        String baseUrl = options.string("url", "http://127.0.0.1:8080").replaceAll("/+$", "");
        int pages = Integer.parseInt(options.string("pages", "50"));
        int strokes = Integer.parseInt(options.string("strokes", "20"));
        int runs = Integer.parseInt(options.string("runs", "5"));
        HttpClient http = HttpClient.newHttpClient();
        CreateRoomResponse room = api.create("export " + pages);
        DocumentResponse document = DocumentLoad.uploaded(http, baseUrl, room, DocumentLoad.slides(pages));
        annotate(api, room, document, strokes);

        List<Double> times = new ArrayList<>();
        long bytes = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rooms/" + room.getRoomId() + "/board.pdf"))
                    .header("Authorization", "Bearer " + room.getTeacher().getToken()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pdf.statusCode() != 200) {
                throw new IllegalStateException("export refused: " + pdf.statusCode() + " " + new String(pdf.body()));
            }
            bytes = pdf.body().length;
            times.add(seconds);
            System.out.printf(Locale.ROOT, "export %d: %.2f s, %.1f MB%n", run + 1, seconds, bytes / 1e6);
        }
        List<Double> sorted = times.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "result: pages=%d strokes_per_page=%d first_s=%.2f median_s=%.2f mb=%.1f%n",
                pages + 1, strokes, times.get(0), sorted.get(sorted.size() / 2), bytes / 1e6);
    }

    /** Each document page as the browser shows it, then drawn on: one batch a page, each acknowledged. */
    private static void annotate(RoomApi api, CreateRoomResponse room, DocumentResponse document, int strokes) throws Exception {
        DrawingTeacher teacher = new DrawingTeacher(api, room);
        Welcome welcome = teacher.welcome();
        LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()));
        String order = welcome.getRoom().getWhiteboard().getPages(0).getOrder().getValue();
        for (DocumentPage page : document.getPagesList()) {
            order = FractionalIndex.between(order, null);
            String pageId = author.newId();
            WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder()
                    .addOps(author.stamp(WhiteboardOp.newBuilder().setPage(pageId).setAddPage(AddPage.newBuilder().setTitle("slide").setOrder(order)).build()))
                    .addOps(shape(author, pageId, ShapeKind.SHAPE_KIND_IMAGE, ShapeProps.newBuilder().setWidth(page.getWidth() * 10)
                            .setHeight(page.getHeight() * 10).setOpacity(100).setZIndex("a0").setImage(page.getImage()), List.of()));
            for (int i = 0; i < strokes; i++) {
                List<Integer> points = new ArrayList<>();
                for (int p = 0; p < POINTS_PER_STROKE; p++) {
                    points.add(p == 0 ? 0 : 60);
                    points.add(p % 3 == 0 ? 40 : -15);
                }
                batch.addOps(shape(author, pageId, ShapeKind.SHAPE_KIND_PEN, ShapeProps.newBuilder().setX(500 + (i % 5) * 3000)
                        .setY(500 + (i / 5) * 2000).setStrokeColor("#e03131").setStrokeWidth(30).setOpacity(100).setZIndex("a1"), points));
            }
            batch.addOps(shape(author, pageId, ShapeKind.SHAPE_KIND_RECTANGLE, ShapeProps.newBuilder().setX(1000).setY(1000).setWidth(3000)
                    .setHeight(2000).setStrokeColor("#1971c2").setStrokeWidth(20).setOpacity(100).setZIndex("a2"), List.of()));
            batch.addOps(shape(author, pageId, ShapeKind.SHAPE_KIND_ELLIPSE, ShapeProps.newBuilder().setX(6000).setY(3000).setWidth(2000)
                    .setHeight(1200).setStrokeColor("#2f9e44").setStrokeWidth(20).setOpacity(100).setZIndex("a3"), List.of()));
            batch.addOps(shape(author, pageId, ShapeKind.SHAPE_KIND_TEXT, ShapeProps.newBuilder().setX(1000).setY(7000)
                    .setText("À revoir pour jeudi : exercices 3 et 4").setFontSize(300).setOpacity(100).setZIndex("a4"), List.of()));
            teacher.draw(batch.build(), "annotations");
        }
        teacher.close();
    }

    private static WhiteboardOp shape(LocalAuthor author, String page, ShapeKind kind, ShapeProps.Builder props, List<Integer> points) {
        return author.stamp(WhiteboardOp.newBuilder().setPage(page).setCreateShape(CreateShape.newBuilder()
                .setShapeId(author.newId()).setKind(kind).setProps(props).addAllPoints(points)).build());
    }
}
