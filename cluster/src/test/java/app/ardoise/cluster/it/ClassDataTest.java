package app.ardoise.cluster.it;

import static app.ardoise.cluster.support.ProblemBody.assertRefused;
import static app.ardoise.cluster.support.JsonBody.parse;
import static app.ardoise.cluster.support.BbbClient.element;
import static app.ardoise.cluster.support.BbbClient.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.blobs.BlobHash;
import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.support.BbbClient;
import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.KeyspaceScan;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.ArchivedEvent;
import app.ardoise.protocol.v1.ClassArchive;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.DocumentResponse;
import app.ardoise.protocol.v1.MyClassesResponse;
import app.ardoise.protocol.v1.SignedInTeacher;
import com.datastax.oss.driver.api.core.CqlSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A class's data as a whole (RGPD) on a real node: the export of everything stored about it, then its deletion
 * by a teacher's link or the operator, after which no row of any table of the keyspace mentions it.
 */
class ClassDataTest {
    private static final String[] API_KEY = {"Authorization", "Bearer " + TestNode.API_KEY};

    private static TestNode node;
    private static CqlSession cql;

    @BeforeAll
    static void start() {
        // A snapshot every few events, so that there are snapshots to export and to delete.
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                ardoise.sign-in.mode = dev
                ardoise.room.snapshot-every = 5
                """);
        cql = TestCassandra.shared().openSession();
    }

    @AfterAll
    static void stop() {
        cql.close();
        node.close();
    }

    @Test
    void the_owner_exports_everything_then_a_teachers_link_deletes_it_and_no_table_mentions_the_class() throws Exception {
        Browser ada = new Browser();
        assertEquals(303, ada.postForm(node.http("/auth/login"), Map.of("name", "Ada Exports")).statusCode());
        String csrf = parse(ada.get(node.http("/api/v1/me")).body(), SignedInTeacher.newBuilder()).getCsrfToken();
        HttpResponse<String> created = ada.send("POST", node.http("/api/v1/my/classes"), "{\"title\":\"Sciences 5e\"}",
                "X-CSRF-Token", csrf);
        assertEquals(201, created.statusCode(), created.body());
        CreateRoomResponse room = parse(created.body(), CreateRoomResponse.newBuilder()).build();
        String roomId = room.getRoomId();
        String teacher = room.getTeacher().getToken();
        CreateRoomResponse other = node.createRoom("Another class");

        byte[] own = png(1);
        byte[] shared = png(2);
        DocumentResponse ownDocument = shown(roomId, teacher, own, "propre.png");
        DocumentResponse sharedDocument = shown(roomId, teacher, shared, "commun.png");
        DocumentResponse elsewhere = shown(other.getRoomId(), other.getTeacher().getToken(), shared, "commun.png");

        HttpResponse<String> retention = ada.send("PUT", node.http("/api/v1/rooms/" + roomId + "/retention"),
                "{\"events\":\"30d\",\"attendance\":\"90d\",\"recordings\":\"7d\"}", "X-CSRF-Token", csrf);
        assertEquals(200, retention.statusCode(), "the owner's session sets it: " + retention.body());

        try (WsClient student = node.connect(roomId, room.getStudent().getToken())) {
            student.join(room.getStudent().getToken(), "Zoé Martin");
            long last = 0;
            for (int i = 0; i < 12; i++) {
                last = student.chat("secret " + i);
            }
            long written = last;
            student.await(frame -> frame.hasAck() && frame.getAck().getClientSeq() == written);

            HttpResponse<byte[]> download = ada.getBytes(node.http("/api/v1/my/classes/" + roomId + "/export"));
            assertEquals(200, download.statusCode());
            assertEquals("application/zip", download.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("no-store", download.headers().firstValue("Cache-Control").orElseThrow());
            assertTrue(download.headers().firstValue("Content-Disposition").orElseThrow().contains("class-" + roomId + ".zip"));
            Map<String, byte[]> files = unzip(download.body());
            ClassArchive archive = parse(new String(files.get("class.json"), StandardCharsets.UTF_8), ClassArchive.newBuilder()).build();
            assertEquals(roomId, archive.getRoomId());
            List<String> chat = archive.getEventsList().stream().map(ArchivedEvent::getEvent)
                    .filter(event -> event.hasChat()).map(event -> event.getChat().getText()).toList();
            assertEquals(12, chat.size(), chat.toString());
            assertEquals("secret 11", chat.get(11));
            assertTrue(archive.getEventsList().stream().allMatch(event -> event.getWrittenAtMs() > 0));
            assertTrue(archive.getEventsList().stream().anyMatch(event -> event.getEvent().hasJoined()
                    && event.getEvent().getJoined().getName().equals("Zoé Martin")));
            assertTrue(archive.getSnapshot().getSequenceNr() >= 5, "the newest snapshot: " + archive.getSnapshot().getSequenceNr());
            assertEquals("Sciences 5e", archive.getSnapshot().getState().getTitle());
            assertEquals("30d", archive.getEventsRetention());
            assertEquals("90d", archive.getAttendanceRetention());
            assertEquals("7d", archive.getRecordingsRetention());
            assertEquals(1, archive.getOwnersCount());
            assertEquals("Sciences 5e", archive.getOwners(0).getTitle());
            assertEquals(Set.of("propre.png", "commun.png"), Set.copyOf(archive.getDocumentsList().stream().map(d -> d.getName()).toList()));
            List<String> hashes = new ArrayList<>();
            archive.getDocumentsList().forEach(document -> document.getPagesList().forEach(page -> {
                hashes.add(page.getImage());
                hashes.add(page.getThumbnail());
            }));
            assertEquals(4, hashes.size());
            for (String hash : hashes) {
                byte[] blob = files.get("blobs/" + hash + ".jpg");
                assertTrue(blob != null, "the archive holds " + hash);
                assertEquals(hash, BlobHash.of(blob), "the file is the blob it is named for");
            }
            assertEquals(1 + hashes.size(), files.size(), files.keySet().toString());

            HttpResponse<byte[]> byOperator = node.getBytes("/api/v1/rooms/" + roomId + "/export", API_KEY);
            assertEquals(200, byOperator.statusCode());
            assertEquals(files.keySet(), unzip(byOperator.body()).keySet());

            assertRefused(403, "forbidden", delete("/api/v1/rooms/" + roomId, "Authorization",
                    "Bearer " + room.getStudent().getToken()));
            assertEquals(200, node.get("/api/v1/rooms/" + roomId, API_KEY).statusCode(), "a student deletes nothing");

            HttpResponse<String> deleted = delete("/api/v1/rooms/" + roomId, "Authorization", "Bearer " + teacher);
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertEquals(CloseCode.ENDED, student.awaitClose());
        }

        assertRefused(404, "unknown_class", node.get("/api/v1/rooms/" + roomId, API_KEY));
        assertRefused(404, "unknown_class", delete("/api/v1/rooms/" + roomId, API_KEY));
        assertRefused(404, "unknown_class", node.get("/api/v1/rooms/" + roomId + "/export", API_KEY));
        assertEquals(0, parse(ada.get(node.http("/api/v1/my/classes")).body(), MyClassesResponse.newBuilder()).getClassesCount(),
                "the owner's list no longer has it");

        List<String> gone = new ArrayList<>(List.of(roomId, persistenceId(roomId)));
        ownDocument.getPagesList().forEach(page -> gone.addAll(List.of(page.getImage(), page.getThumbnail())));
        gone.add(sharedDocument.getDocumentId());
        assertEquals(List.of(), KeyspaceScan.mentions(cql, node.keyspace(), gone));

        assertEquals(200, node.getBytes("/api/v1/rooms/" + other.getRoomId() + "/blobs/" + elsewhere.getPages(0).getImage(),
                "Authorization", "Bearer " + other.getStudent().getToken()).statusCode(), "a picture another class shows stays");
    }

    @Test
    void the_operator_exports_and_deletes_a_class_a_bigbluebutton_meeting_opened() throws Exception {
        BbbClient moodle = new BbbClient(node, TestNode.BBB_SECRET, "SHA-1");
        String meetingId = "rgpd-" + UUID.randomUUID();
        String body = moodle.call("create", params("meetingID", meetingId, "name", "Histoire 4e",
                "meta_bbb-context", "Histoire 4e")).body();
        assertEquals("SUCCESS", element(body, "returncode"), body);
        String roomId = cql.execute("SELECT room_id FROM " + node.keyspace() + ".bbb_meetings WHERE meeting_id = ?", meetingId)
                .one().getString("room_id");

        HttpResponse<byte[]> download = node.getBytes("/api/v1/rooms/" + roomId + "/export", API_KEY);
        assertEquals(200, download.statusCode());
        ClassArchive archive = parse(new String(unzip(download.body()).get("class.json"), StandardCharsets.UTF_8),
                ClassArchive.newBuilder()).build();
        assertEquals(1, archive.getMeetingsCount());
        assertEquals(meetingId, archive.getMeetings(0).getMeetingId());
        assertEquals("Histoire 4e", archive.getMeetings(0).getParamsOrThrow("meta_bbb-context"));
        assertTrue(archive.getEventsList().stream().anyMatch(event -> event.getEvent().hasCreated()), archive.toString());
        assertRefused(401, "api_key_required", node.get("/api/v1/rooms/" + roomId + "/export"));

        List<String> before = KeyspaceScan.mentions(cql, node.keyspace(), List.of(roomId, meetingId));
        for (String table : List.of("messages", "all_persistence_ids", "bbb_meetings", "bbb_classes")) {
            assertTrue(before.stream().anyMatch(found -> found.startsWith(table + ":")), "the scan sees " + table + ": " + before);
        }

        assertEquals(204, delete("/api/v1/rooms/" + roomId, API_KEY).statusCode());
        assertEquals("notFound", element(moodle.call("getMeetingInfo", params("meetingID", meetingId)).body(), "messageKey"));
        assertEquals(List.of(), KeyspaceScan.mentions(cql, node.keyspace(), List.of(roomId, persistenceId(roomId), meetingId)));
    }

    private static String persistenceId(String roomId) {
        return PersistenceId.of(RoomProtocol.TYPE_KEY.name(), roomId).id();
    }

    /** A picture no other test makes: its blobs are this class's alone unless the test shows it elsewhere too. */
    private static byte[] png(long seed) throws IOException {
        Random random = new Random(seed ^ System.nanoTime());
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static DocumentResponse shown(String roomId, String teacher, byte[] file, String name) throws Exception {
        HttpResponse<String> started = node.postBytes("/api/v1/rooms/" + roomId + "/documents?name=" + name, file,
                "Content-Type", "image/png", "Authorization", "Bearer " + teacher);
        assertEquals(202, started.statusCode(), started.body());
        String documentId = parse(started.body(), DocumentResponse.newBuilder()).build().getDocumentId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            DocumentResponse status = parse(node.get("/api/v1/rooms/" + roomId + "/documents/" + documentId,
                    "Authorization", "Bearer " + teacher).body(), DocumentResponse.newBuilder()).build();
            if (status.getStatus().equals("ready")) {
                return status;
            }
            assertTrue(!status.getStatus().equals("failed"), status.toString());
            Thread.sleep(100);
        }
        throw new AssertionError("the picture never became a page");
    }

    private static HttpResponse<String> delete(String path, String... headers) {
        return new Browser().send("DELETE", node.http(path), "", headers);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
