package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.documents.TestPdfs;
import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DocumentPage;
import app.ardoise.protocol.v1.DocumentResponse;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetLocks;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.Welcome;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import app.ardoise.protocol.whiteboard.LocalAuthor;
import app.ardoise.protocol.whiteboard.WhiteboardDoc;
import com.google.protobuf.util.JsonFormat;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The board exported as a PDF through a real node: a document shown and annotated over the WebSocket, then read
 * back with PDFBox, its pictures as images and its ink as vector paths; who may download it.
 */
class BoardPdfTest {
    private static final TestNode node = TestNode.shared();

    @Test
    void an_annotated_document_downloads_as_its_pictures_under_vector_ink_and_text() throws Exception {
        CreateRoomResponse room = node.createRoom("Géographie 4E");
        DocumentResponse document = uploaded(room, TestPdfs.slides(2, "Carte"));
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            Welcome welcome = teacher.join(room.getTeacher().getToken(), "Mme Roux");
            LocalAuthor author = new LocalAuthor(welcome.getParticipantId(), WhiteboardDoc.fromProto(welcome.getRoom().getWhiteboard()));
            List<String> pages = new ArrayList<>();
            for (DocumentPage page : document.getPagesList()) {
                pages.add(show(teacher, author, page, "a" + (pages.size() + 1)));
            }
            String annotated = pages.get(0);
            send(teacher, author, annotated, CreateShape.newBuilder().setKind(ShapeKind.SHAPE_KIND_PEN)
                    .setProps(ShapeProps.newBuilder().setX(2000).setY(2000).setStrokeColor("#e03131").setStrokeWidth(30)
                            .setOpacity(100).setZIndex("a1"))
                    .addAllPoints(List.of(0, 0, 300, 100, 300, 200, 200, 300)));
            send(teacher, author, annotated, CreateShape.newBuilder().setKind(ShapeKind.SHAPE_KIND_ELLIPSE)
                    .setProps(ShapeProps.newBuilder().setX(5000).setY(3000).setWidth(2000).setHeight(1000)
                            .setStrokeColor("#1971c2").setStrokeWidth(20).setOpacity(100).setZIndex("a2").setRotation(4500)));
            send(teacher, author, annotated, CreateShape.newBuilder().setKind(ShapeKind.SHAPE_KIND_TEXT)
                    .setProps(ShapeProps.newBuilder().setX(1000).setY(6000).setText("Fleuve côtier Ω").setFontSize(300)
                            .setStrokeColor("#000000").setOpacity(100).setZIndex("a3")));
        }

        HttpResponse<byte[]> pdf = board(room, room.getTeacher().getToken());
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(pdf.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        try (PDDocument read = Loader.loadPDF(pdf.body())) {
            // The class's first page, then the document's two.
            assertEquals(3, read.getNumberOfPages());
            PDPage blank = read.getPage(0);
            assertEquals(Set.of(), images(blank));
            PDPage page = read.getPage(1);
            assertEquals(1, images(page).size(), "the document's picture is an image");
            PDImageXObject picture = (PDImageXObject) page.getResources().getXObject(images(page).iterator().next());
            assertEquals(document.getPages(0).getWidth(), picture.getWidth());
            // Everything drawn lies on the picture: the page is the picture's box, 1 px = 0.5 pt.
            assertEquals(document.getPages(0).getWidth() / 2f, page.getMediaBox().getWidth(), 0.5f);
            assertEquals(document.getPages(0).getHeight() / 2f, page.getMediaBox().getHeight(), 0.5f);
            Set<String> operators = operators(page);
            assertTrue(operators.containsAll(Set.of("m", "l", "S", "c", "Do", "Tj")), "vector ink, an ellipse's curves, text: " + operators);
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(2);
            text.setEndPage(2);
            assertTrue(text.getText(read).contains("Fleuve côtier Ω"), "text as text, Ω beyond Helvetica's encoding in the node's wide font");
            assertEquals(Set.of("Do"), operators(read.getPage(2)).stream().filter(Set.of("l", "c", "Tj", "Do")::contains)
                    .collect(java.util.stream.Collectors.toSet()), "the page not drawn on is its picture alone");
        }
    }

    @Test
    void students_download_only_when_the_teacher_lets_them_and_another_class_never() throws Exception {
        CreateRoomResponse room = node.createRoom("Latin 3A");
        CreateRoomResponse other = node.createRoom("Latin 3B");
        HttpResponse<byte[]> refused = board(room, room.getStudent().getToken());
        assertEquals(403, refused.statusCode());
        assertEquals("forbidden", ProblemBody.parse(new String(refused.body())).getError());

        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "M. Blanc");
            teacher.send(ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                    .setLocks(Locks.newBuilder().setStudentsMayDownload(true))));
            ServerFrame changed = teacher.await(f -> f.hasError() || f.hasEvent() && f.getEvent().hasLocksChanged());
            assertTrue(changed.getEvent().getLocksChanged().getLocks().getStudentsMayDownload(), changed.toString());
        }
        HttpResponse<byte[]> allowed = board(room, room.getStudent().getToken());
        assertEquals(200, allowed.statusCode());
        try (PDDocument read = Loader.loadPDF(allowed.body())) {
            assertEquals(1, read.getNumberOfPages(), "a new class's one page, blank");
        }

        HttpResponse<byte[]> wrongClass = board(room, other.getTeacher().getToken());
        assertEquals(403, wrongClass.statusCode());
        assertEquals("wrong_class", ProblemBody.parse(new String(wrongClass.body())).getError());
        assertEquals(401, node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/board.pdf").statusCode());
    }

    /** A document's page as the browser shows it: a page, and its picture at (0, 0) below every other shape. */
    private static String show(WsClient client, LocalAuthor author, DocumentPage page, String order) {
        String pageId = author.newId();
        WhiteboardOp add = author.stamp(WhiteboardOp.newBuilder().setPage(pageId)
                .setAddPage(AddPage.newBuilder().setTitle("Carte").setOrder(order)).build());
        WhiteboardOp picture = author.stamp(WhiteboardOp.newBuilder().setPage(pageId).setCreateShape(CreateShape.newBuilder()
                .setShapeId(author.newId()).setKind(ShapeKind.SHAPE_KIND_IMAGE)
                .setProps(ShapeProps.newBuilder().setX(0).setY(0).setWidth(page.getWidth() * 10).setHeight(page.getHeight() * 10)
                        .setOpacity(100).setZIndex("a0").setImage(page.getImage()))).build());
        acknowledged(client, client.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(add).addOps(picture))));
        return pageId;
    }

    private static void send(WsClient client, LocalAuthor author, String page, CreateShape.Builder shape) {
        WhiteboardOp op = author.stamp(WhiteboardOp.newBuilder().setPage(page).setCreateShape(shape.setShapeId(author.newId())).build());
        acknowledged(client, client.send(ClientFrame.newBuilder().setWhiteboard(WhiteboardBatch.newBuilder().addOps(op))));
    }

    private static void acknowledged(WsClient client, long clientSeq) {
        ServerFrame answer = client.await(f -> f.hasError() || f.hasAck() && f.getAck().getClientSeq() == clientSeq);
        assertTrue(answer.hasAck(), answer.toString());
    }

    private static Set<COSName> images(PDPage page) throws Exception {
        Set<COSName> images = new HashSet<>();
        for (COSName name : page.getResources().getXObjectNames()) {
            if (page.getResources().getXObject(name) instanceof PDImageXObject) {
                images.add(name);
            }
        }
        return images;
    }

    private static Set<String> operators(PDPage page) throws Exception {
        Set<String> operators = new HashSet<>();
        for (Object token : new PDFStreamParser(page).parse()) {
            if (token instanceof Operator operator) {
                operators.add(operator.getName());
            }
        }
        return operators;
    }

    private static HttpResponse<byte[]> board(CreateRoomResponse room, String token) {
        return node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/board.pdf", "Authorization", "Bearer " + token);
    }

    private static DocumentResponse uploaded(CreateRoomResponse room, byte[] pdf) throws Exception {
        String token = room.getTeacher().getToken();
        HttpResponse<String> started = node.postBytes("/api/v1/rooms/" + room.getRoomId() + "/documents?name=carte.pdf", pdf,
                "Content-Type", "application/pdf", "Authorization", "Bearer " + token);
        assertEquals(202, started.statusCode(), started.body());
        String id = parse(started.body()).getDocumentId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            DocumentResponse status = parse(node.get("/api/v1/rooms/" + room.getRoomId() + "/documents/" + id,
                    "Authorization", "Bearer " + token).body());
            if (!status.getStatus().equals("converting") && !status.getStatus().equals("storing")) {
                assertEquals("ready", status.getStatus(), status.toString());
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the document never finished converting");
    }

    private static DocumentResponse parse(String json) throws Exception {
        DocumentResponse.Builder builder = DocumentResponse.newBuilder();
        JsonFormat.parser().merge(json, builder);
        return builder.build();
    }
}
