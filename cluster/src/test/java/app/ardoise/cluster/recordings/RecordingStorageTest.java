package app.ardoise.cluster.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.blobs.BlobStore;
import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.KeyspaceScan;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Locks;
import app.ardoise.protocol.v1.SetLocks;
import com.datastax.oss.driver.api.core.CqlSession;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * A recorded file once the node has it (the SFU's part is RecordingTest in e2e and recorder_test.go): the API's
 * list and file with byte ranges, for teachers only; the class's export; the retention purge; the class's deletion.
 * A real node and the real Cassandra; the file is stored as the recorder stores it.
 */
class RecordingStorageTest {
    private static final String CONFIG = """
            ardoise.retention.recordings = 5s
            ardoise.retention.purge-every = 1s
            """;

    @Test
    void a_stored_recording_is_served_to_teachers_exported_purged_after_its_retention_and_erased_with_its_class() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        try (TestNode node = TestNode.start(keyspace, CONFIG);
             CqlSession cql = TestCassandra.shared().openSession()) {
            ClassRecordings recordings = new ClassRecordings(node.system(), keyspace, new BlobStore(node.system(), keyspace));
            CreateRoomResponse room = node.createRoom("Anglais 3A");
            String roomId = room.getRoomId();
            String teacher = "Bearer " + room.getTeacher().getToken();
            String student = "Bearer " + room.getStudent().getToken();
            assertEquals("{\"recordings\":[]}", node.get("/api/v1/rooms/" + roomId + "/recordings", "Authorization", teacher).body());

            // Over one blob chunk (512 KiB), so that the file is read back from several; it ends in an hour, so the
            // purge leaves it for now.
            byte[] ogg = fakeOgg(700_000, 1);
            Instant started = Instant.ofEpochMilli(1_800_000_000_000L);
            StoredRecording kept = recordings.store(roomId, "11111111-aaaa-bbbb-cccc-000000000001-1", "teacher-1", started,
                    Instant.now().plus(Duration.ofHours(1)), ogg).toCompletableFuture().get(10, TimeUnit.SECONDS);

            HttpResponse<String> listed = node.get("/api/v1/rooms/" + roomId + "/recordings", "Authorization", teacher);
            assertEquals(200, listed.statusCode());
            assertEquals("{\"recordings\":[{\"id\":\"" + kept.recordingId() + "\",\"startedAtMs\":1800000000000,\"endedAtMs\":"
                    + kept.endedAt().toEpochMilli() + ",\"bytes\":700000,\"url\":\"/api/v1/rooms/" + roomId + "/recordings/"
                    + kept.recordingId() + ".ogg\"}]}", listed.body());
            String url = "/api/v1/rooms/" + roomId + "/recordings/" + kept.recordingId() + ".ogg";
            HttpResponse<byte[]> file = node.getBytes(url, "Authorization", teacher);
            assertEquals(200, file.statusCode());
            assertEquals("audio/ogg", file.headers().firstValue("Content-Type").orElse(""));
            assertArrayEquals(ogg, file.body());
            HttpResponse<byte[]> part = node.getBytes(url, "Authorization", teacher, "Range", "bytes=600000-600009");
            assertEquals(206, part.statusCode());
            assertArrayEquals(Arrays.copyOfRange(ogg, 600_000, 600_010), part.body());
            assertEquals(403, node.getBytes(url, "Authorization", student).statusCode());
            assertEquals(403, node.get("/api/v1/rooms/" + roomId + "/recordings", "Authorization", student).statusCode());
            // Opened to students with the replay they go with, and closed again with it.
            try (WsClient teaching = node.connect(roomId, room.getTeacher().getToken())) {
                teaching.join(room.getTeacher().getToken(), "Mme Roux");
                for (boolean open : new boolean[] {true, false}) {
                    teaching.send(ClientFrame.newBuilder().setSetLocks(SetLocks.newBuilder()
                            .setLocks(Locks.newBuilder().setStudentsMayReplay(open))));
                    teaching.await(f -> f.hasEvent() && f.getEvent().hasLocksChanged()
                            && f.getEvent().getLocksChanged().getLocks().getStudentsMayReplay() == open);
                    int expected = open ? 200 : 403;
                    assertEquals(expected, node.getBytes(url, "Authorization", student).statusCode());
                    assertEquals(expected, node.get("/api/v1/rooms/" + roomId + "/recordings", "Authorization", student).statusCode());
                }
            }
            HttpResponse<String> unknown = node.get("/api/v1/rooms/" + roomId + "/recordings/0-9.ogg", "Authorization", teacher);
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("unknown_recording"), unknown.body());
            CreateRoomResponse other = node.createRoom("Another class");
            assertEquals(404, node.getBytes("/api/v1/rooms/" + other.getRoomId() + "/recordings/" + kept.recordingId() + ".ogg",
                    "Authorization", "Bearer " + other.getTeacher().getToken()).statusCode(), "another class's teacher gets nothing");

            Map<String, byte[]> zip = unzip(node.getBytes("/api/v1/rooms/" + roomId + "/export", "Authorization", "Bearer " + TestNode.API_KEY).body());
            assertArrayEquals(ogg, zip.get("recordings/" + kept.recordingId() + ".ogg"));
            String archive = new String(zip.get("class.json"), StandardCharsets.UTF_8);
            assertTrue(archive.contains("\"participantId\": \"teacher-1\""), archive);

            // One that ended long ago goes at the next purge, its blob with it; the other stays.
            byte[] oldOgg = fakeOgg(1_000, 2);
            StoredRecording old = recordings.store(roomId, "11111111-aaaa-bbbb-cccc-000000000002-1", "teacher-1",
                    Instant.now().minus(Duration.ofMinutes(10)), Instant.now().minus(Duration.ofMinutes(9)), oldOgg)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 30_000_000_000L;
            List<String> left = KeyspaceScan.mentions(cql, keyspace, List.of(old.recordingId(), old.blob()));
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                left = KeyspaceScan.mentions(cql, keyspace, List.of(old.recordingId(), old.blob()));
            }
            assertEquals(List.of(), left, "the old recording is gone from every table, its blob included");
            assertEquals(200, node.getBytes(url, "Authorization", teacher).statusCode(), "the recent one stays");

            assertFalse(KeyspaceScan.mentions(cql, keyspace, List.of(kept.blob())).isEmpty());
            assertEquals(204, new Browser().send("DELETE", node.http("/api/v1/rooms/" + roomId), "",
                    "Authorization", "Bearer " + TestNode.API_KEY).statusCode());
            assertEquals(List.of(), KeyspaceScan.mentions(cql, keyspace, List.of(roomId, kept.recordingId(), kept.blob())),
                    "deleting the class erases its recordings and their files");
        }
    }

    /** Bytes that start as an Ogg page does: the node stores what the SFU made without reading it. */
    private static byte[] fakeOgg(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        System.arraycopy("OggS".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        return bytes;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
