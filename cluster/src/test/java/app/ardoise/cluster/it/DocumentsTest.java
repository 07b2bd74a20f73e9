package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.blobs.BlobStore;
import app.ardoise.cluster.classes.ClassErasure;
import app.ardoise.cluster.documents.ClassDocuments;
import app.ardoise.cluster.documents.DocumentConverter;
import app.ardoise.cluster.documents.DocumentSettings;
import app.ardoise.cluster.documents.Documents;
import app.ardoise.cluster.documents.OfficeConverter;
import app.ardoise.cluster.documents.TestPdfs;
import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.DocumentResponse;
import app.ardoise.protocol.v1.DocumentsResponse;
import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.util.JsonFormat;
import com.typesafe.config.ConfigFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Documents through a real node: uploads, conversion, blobs in the real Cassandra, who may read them, erasure. */
class DocumentsTest {
    private static final TestNode node = TestNode.shared();
    private static CqlSession cql;

    @BeforeAll
    static void open() {
        cql = TestCassandra.shared().openSession();
    }

    @AfterAll
    static void close() {
        cql.close();
    }

    @Test
    void a_teachers_upload_becomes_pages_every_participant_reads_and_caches() throws Exception {
        CreateRoomResponse room = node.createRoom("Histoire 3C");
        HttpResponse<String> started = upload(room.getRoomId(), TestPdfs.slides(3), room.getTeacher().getToken(), "cours.pdf");
        assertEquals(202, started.statusCode(), started.body());
        DocumentResponse accepted = parse(started.body());
        assertEquals("cours.pdf", accepted.getName());
        assertEquals("/api/v1/rooms/" + room.getRoomId() + "/documents/" + accepted.getDocumentId(),
                started.headers().firstValue("Location").orElseThrow());

        DocumentResponse ready = awaitEnd(room.getRoomId(), accepted.getDocumentId(), room.getTeacher().getToken());
        assertEquals("ready", ready.getStatus(), ready.toString());
        assertEquals(3, ready.getPagesCount());
        assertEquals(3, ready.getPagesDone());

        String student = room.getStudent().getToken();
        HttpResponse<String> listed = node.get("/api/v1/rooms/" + room.getRoomId() + "/documents", "Authorization", "Bearer " + student);
        assertEquals(200, listed.statusCode());
        DocumentsResponse.Builder documents = DocumentsResponse.newBuilder();
        JsonFormat.parser().merge(listed.body(), documents);
        assertEquals(ready.getPagesList(), documents.getDocuments(0).getPagesList());

        String page2 = ready.getPages(1).getImage();
        // As an <img> asks: the token in the query.
        HttpResponse<byte[]> image = node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/blobs/" + page2 + "?token=" + student);
        assertEquals(200, image.statusCode());
        assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("private, max-age=31536000, immutable", image.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("\"" + page2 + "\"", image.headers().firstValue("ETag").orElseThrow());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertEquals(ready.getPages(1).getWidth(), decoded.getWidth());
        assertEquals(1600, decoded.getWidth());
        HttpResponse<byte[]> again = node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/blobs/" + page2,
                "Authorization", "Bearer " + student, "If-None-Match", "\"" + page2 + "\"");
        assertEquals(304, again.statusCode());
    }

    @Test
    void a_powerpoint_file_uploaded_to_the_node_becomes_its_slides_through_libreoffice() throws Exception {
        CreateRoomResponse room = node.createRoom("Géographie 5B");
        byte[] pptx = DocumentsTest.class.getResourceAsStream("/documents/lesson.pptx").readAllBytes();
        HttpResponse<String> started = upload(room.getRoomId(), pptx, room.getTeacher().getToken(), "cours.pptx");
        assertEquals(202, started.statusCode(), started.body());
        DocumentResponse ready = awaitEnd(room.getRoomId(), parse(started.body()).getDocumentId(), room.getTeacher().getToken());
        assertEquals("ready", ready.getStatus(), ready.toString());
        assertEquals(2, ready.getPagesCount());
    }

    @Test
    void a_student_cannot_upload_and_nobody_without_a_link_reads() {
        CreateRoomResponse room = node.createRoom("Anglais 4A");
        HttpResponse<String> student = upload(room.getRoomId(), TestPdfs.slides(1), room.getStudent().getToken(), "x.pdf");
        assertEquals(403, student.statusCode());
        assertEquals("forbidden", ProblemBody.parse(student.body()).getError(), student.body());
        assertEquals(401, node.postBytes("/api/v1/rooms/" + room.getRoomId() + "/documents", TestPdfs.slides(1)).statusCode());
        assertEquals(401, node.get("/api/v1/rooms/" + room.getRoomId() + "/documents").statusCode());
        assertEquals(401, node.get("/api/v1/rooms/" + room.getRoomId() + "/documents", "Authorization", "Bearer forged.token").statusCode());
        // The operator's API key may upload, as it may create the class.
        assertEquals(202, node.postBytes("/api/v1/rooms/" + room.getRoomId() + "/documents", TestPdfs.slides(1),
                "Authorization", "Bearer " + TestNode.API_KEY).statusCode());
    }

    @Test
    void another_classs_link_cannot_fetch_the_blobs() {
        CreateRoomResponse room = node.createRoom("Physique 2B");
        CreateRoomResponse other = node.createRoom("Physique 2C");
        DocumentResponse ready = uploaded(room, TestPdfs.slides(1));
        String hash = ready.getPages(0).getImage();

        HttpResponse<String> wrongClass = node.get("/api/v1/rooms/" + room.getRoomId() + "/blobs/" + hash,
                "Authorization", "Bearer " + other.getStudent().getToken());
        assertEquals(403, wrongClass.statusCode());
        assertTrue(wrongClass.body().contains("wrong_class"), wrongClass.body());
        // The other class's own link, on its own class's path: the blob is not one of that class's.
        assertEquals(404, node.get("/api/v1/rooms/" + other.getRoomId() + "/blobs/" + hash,
                "Authorization", "Bearer " + other.getStudent().getToken()).statusCode());
        assertEquals(404, node.get("/api/v1/rooms/" + room.getRoomId() + "/blobs/not-a-hash",
                "Authorization", "Bearer " + room.getStudent().getToken()).statusCode());
    }

    @Test
    void hostile_pdfs_fail_alone_with_their_reason_and_leave_nothing_stored() {
        CreateRoomResponse room = node.createRoom("Chimie 1S");
        String teacher = room.getTeacher().getToken();
        for (var hostile : new Object[][] {
                {TestPdfs.encrypted(), "encrypted"},
                {TestPdfs.hugePage(20_000), "page_too_large"},
                {TestPdfs.brokenXref(), "unreadable"}}) {
            HttpResponse<String> started = upload(room.getRoomId(), (byte[]) hostile[0], teacher, "hostile.pdf");
            assertEquals(202, started.statusCode(), started.body());
            DocumentResponse failed = awaitEnd(room.getRoomId(), parse(started.body()).getDocumentId(), teacher);
            assertEquals("failed", failed.getStatus());
            assertEquals(hostile[1], failed.getError(), failed.getMessage());
            assertTrue(!failed.getMessage().isBlank());
        }
        assertEquals(0, cql.execute("SELECT hash FROM " + node.keyspace() + ".class_blobs WHERE room_id = ?", room.getRoomId())
                .all().size());
        // The class still takes a good one.
        assertEquals(1, uploaded(room, TestPdfs.slides(1)).getPagesCount());
    }

    @Test
    void deleting_a_class_deletes_its_documents_and_the_blobs_no_other_class_refers_to() throws Exception {
        CreateRoomResponse first = node.createRoom("Maths 6A");
        CreateRoomResponse second = node.createRoom("Maths 6B");
        // Content no other test uploads: a blob is shared by every class that shows the same page.
        byte[] pdf = TestPdfs.slides(2, "Erased");
        DocumentResponse firsts = uploaded(first, pdf);
        DocumentResponse seconds = uploaded(second, pdf);
        String shared = firsts.getPages(0).getImage();
        assertEquals(shared, seconds.getPages(0).getImage(), "the same content is the same blob");
        byte[] other = TestPdfs.slides(3, "Erased");
        String own = uploaded(first, other).getPages(2).getImage();

        ClassErasure erasure = new ClassErasure(node.system(), documents(),
                new app.ardoise.cluster.attendance.AttendanceStore(node.system(), node.keyspace()));
        erasure.erase(first.getRoomId()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertEquals(0, cql.execute("SELECT * FROM " + node.keyspace() + ".class_documents WHERE room_id = ?", first.getRoomId())
                .all().size());
        assertEquals(0, cql.execute("SELECT * FROM " + node.keyspace() + ".blobs WHERE hash = ?", own).all().size());
        assertEquals(0, cql.execute("SELECT * FROM " + node.keyspace() + ".blob_chunks WHERE hash = ?", own).all().size());
        HttpResponse<byte[]> stillShown = node.getBytes("/api/v1/rooms/" + second.getRoomId() + "/blobs/" + shared,
                "Authorization", "Bearer " + second.getStudent().getToken());
        assertEquals(200, stillShown.statusCode(), "the other class still shows the page they share");

        erasure.erase(second.getRoomId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(0, cql.execute("SELECT * FROM " + node.keyspace() + ".blobs WHERE hash = ?", shared).all().size());
        assertEquals(0, cql.execute("SELECT * FROM " + node.keyspace() + ".blob_chunks WHERE hash = ?", shared).all().size());
    }

    @Test
    void another_node_on_the_same_cassandra_shows_the_same_pages() throws Exception {
        CreateRoomResponse room = node.createRoom("SVT 5D");
        DocumentResponse ready = uploaded(room, TestPdfs.slides(2));
        String hash = ready.getPages(1).getImage();
        byte[] here = node.getBytes("/api/v1/rooms/" + room.getRoomId() + "/blobs/" + hash + "?token=" + room.getStudent().getToken()).body();
        try (TestNode elsewhere = TestNode.start(node.keyspace(), "")) {
            HttpResponse<String> listed = elsewhere.get("/api/v1/rooms/" + room.getRoomId() + "/documents",
                    "Authorization", "Bearer " + room.getStudent().getToken());
            assertEquals(200, listed.statusCode(), listed.body());
            DocumentsResponse.Builder documents = DocumentsResponse.newBuilder();
            JsonFormat.parser().merge(listed.body(), documents);
            assertEquals(ready.getPagesList(), documents.getDocuments(0).getPagesList());
            assertArrayEquals(here, elsewhere.getBytes("/api/v1/rooms/" + room.getRoomId() + "/blobs/" + hash
                    + "?token=" + room.getStudent().getToken()).body());
        }
    }

    private static Documents documents() {
        DocumentSettings settings = DocumentSettings.from(ConfigFactory.load());
        return new Documents(new DocumentConverter(settings, OfficeConverter.from(ConfigFactory.load())), new BlobStore(node.system(), node.keyspace()),
                new ClassDocuments(node.system(), node.keyspace()), Clock.systemUTC());
    }

    private static DocumentResponse uploaded(CreateRoomResponse room, byte[] pdf) {
        HttpResponse<String> started = upload(room.getRoomId(), pdf, room.getTeacher().getToken(), "doc.pdf");
        assertEquals(202, started.statusCode(), started.body());
        DocumentResponse ready = awaitEnd(room.getRoomId(), parse(started.body()).getDocumentId(), room.getTeacher().getToken());
        assertEquals("ready", ready.getStatus(), ready.toString());
        return ready;
    }

    private static HttpResponse<String> upload(String roomId, byte[] body, String token, String name) {
        return node.postBytes("/api/v1/rooms/" + roomId + "/documents?name=" + name, body,
                "Content-Type", "application/pdf", "Authorization", "Bearer " + token);
    }

    private static DocumentResponse awaitEnd(String roomId, String documentId, String token) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = node.get("/api/v1/rooms/" + roomId + "/documents/" + documentId,
                    "Authorization", "Bearer " + token);
            assertEquals(200, polled.statusCode(), polled.body());
            DocumentResponse status = parse(polled.body());
            if (status.getStatus().equals("ready") || status.getStatus().equals("failed")) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the document never finished converting");
    }

    private static DocumentResponse parse(String json) {
        try {
            DocumentResponse.Builder builder = DocumentResponse.newBuilder();
            JsonFormat.parser().merge(json, builder);
            return builder.build();
        } catch (Exception e) {
            throw new AssertionError("bad JSON: " + json, e);
        }
    }
}
