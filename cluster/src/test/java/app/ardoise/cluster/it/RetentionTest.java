package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomProtocol;
import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.KeyspaceScan;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real node and the real Cassandra, with a purge every second and retentions as durations (so a
 * test need not wait days): a class whose teacher keeps its events 4 s, under the deployment's hour, loses its old
 * events from the journal and its old chat from every table, snapshots included, and still opens, after a restart,
 * with its title and participants; a class that keeps the deployment's loses nothing. Likewise a class that keeps
 * its attendance and recordings a few seconds loses those rows while another class keeps its own.
 */
class RetentionTest {
    private static final String CONFIG = """
            ardoise.retention.events = 1h
            ardoise.retention.purge-every = 1s
            ardoise.room.snapshot-every = 5
            """;

    @Test
    void events_older_than_the_retention_are_purged_and_the_class_opens_as_it_was() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        CreateRoomResponse room;
        String persistenceId;
        long lastOld;
        try (TestNode node = TestNode.start(keyspace, CONFIG);
             CqlSession cql = TestCassandra.shared().openSession()) {
            CreateRoomResponse witness = node.createRoom("Témoin");
            chat(node, witness, "message témoin", 3);
            room = node.createRoom("Retenue");
            persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), room.getRoomId()).id();
            String retention = "/api/v1/rooms/" + room.getRoomId() + "/retention";
            String teacherLink = "Bearer " + room.getTeacher().getToken();
            HttpResponse<String> tooLong = new Browser().send("PUT", node.http(retention), "{\"events\":\"2h\"}", "Authorization", teacherLink);
            assertEquals(400, tooLong.statusCode(), "at most the deployment's hour: " + tooLong.body());
            HttpResponse<String> set = new Browser().send("PUT", node.http(retention), "{\"events\":\"4s\"}", "Authorization", teacherLink);
            assertEquals(200, set.statusCode(), set.body());
            assertEquals("{\"events\":\"4s\",\"maxEvents\":\"1h\",\"attendance\":\"\",\"recordings\":\"\","
                    + "\"maxAttendance\":\"365d\",\"maxRecordings\":\"30d\"}", set.body().replaceAll("\\s", ""));
            chat(node, room, "ancien message", 7);
            List<Long> written = sequenceNrs(cql, keyspace, persistenceId);
            lastOld = written.get(written.size() - 1);
            assertFalse(KeyspaceScan.mentions(cql, keyspace, List.of("ancien message")).isEmpty(), "the scan sees the chat");

            long deadline = System.nanoTime() + 40_000_000_000L;
            List<String> left = KeyspaceScan.mentions(cql, keyspace, List.of("ancien message"));
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                left = KeyspaceScan.mentions(cql, keyspace, List.of("ancien message"));
            }
            assertEquals(List.of(), left, "the old chat is gone from every table, snapshots included");
            List<Long> kept = sequenceNrs(cql, keyspace, persistenceId);
            assertTrue(kept.stream().allMatch(seq -> seq > lastOld), "events up to " + lastOld + " are gone: " + kept);
            assertEquals(1, cql.execute("SELECT sequence_nr FROM " + keyspace + ".snapshots WHERE persistence_id = ?",
                    persistenceId).all().size(), "only the snapshot the purge took is kept");

            try (WsClient student = node.connect(room.getRoomId(), room.getStudent().getToken())) {
                student.join(room.getStudent().getToken(), "Zoé");
                student.chat("nouveau message");
                student.await(ServerFrame::hasAck);
            }
            assertFalse(KeyspaceScan.mentions(cql, keyspace, List.of("nouveau message")).isEmpty(), "what is recent stays");
            assertEquals(3, KeyspaceScan.mentions(cql, keyspace, List.of("message témoin")).stream()
                    .filter(found -> found.startsWith("messages:")).count(), "the class that keeps the deployment's hour keeps its events");
        }

        try (TestNode restarted = TestNode.start(keyspace, CONFIG);
             WsClient teacher = restarted.connect(room.getRoomId(), room.getTeacher().getToken())) {
            Welcome welcome = teacher.join(room.getTeacher().getToken(), "M. Martin");
            assertEquals("Retenue", welcome.getRoom().getTitle(), "the class opens from the purge's snapshot");
            List<String> names = welcome.getRoom().getParticipantsList().stream().map(Participant::getName).toList();
            assertTrue(names.containsAll(List.of("M. Martin", "Zoé")), names.toString());
            assertTrue(welcome.getRoom().getChatList().stream().map(ChatMessage::getText).noneMatch(text -> text.startsWith("ancien")));
            assertTrue(welcome.getLastSeq() > lastOld);
        }
    }

    @Test
    void a_class_shorter_attendance_and_recordings_retention_purges_its_rows_only() throws Exception {
        String keyspace = TestCassandra.freshKeyspace();
        String config = CONFIG + """
                ardoise.retention.attendance = 1h
                ardoise.retention.recordings = 2h
                """;
        try (TestNode node = TestNode.start(keyspace, config);
             CqlSession cql = TestCassandra.shared().openSession()) {
            CreateRoomResponse witness = node.createRoom("Témoin");
            CreateRoomResponse room = node.createRoom("Courte");
            URI retention = node.http("/api/v1/rooms/" + room.getRoomId() + "/retention");
            String teacherLink = "Bearer " + room.getTeacher().getToken();

            for (String refused : List.of("{\"attendance\":\"2h\"}", "{\"recordings\":\"3h\"}", "{\"recordings\":\"jamais\"}",
                    "{\"events\":\"4s\",\"attendance\":\"-1s\"}", "{\"attendance\":\"2s\",\"recordings\":\"3h\"}", "{\"attendance\":\"0s\"}")) {
                HttpResponse<String> answer = new Browser().send("PUT", retention, refused, "Authorization", teacherLink);
                assertEquals(400, answer.statusCode(), refused + ": " + answer.body());
                assertTrue(answer.body().contains("invalid_retention"), answer.body());
            }
            HttpResponse<String> student = new Browser().send("PUT", retention, "{\"attendance\":\"2s\"}",
                    "Authorization", "Bearer " + room.getStudent().getToken());
            assertEquals(403, student.statusCode(), student.body());
            assertTrue(student.body().contains("forbidden"), student.body());
            HttpResponse<String> unchanged = new Browser().send("PUT", retention, "{}", "Authorization", teacherLink);
            assertEquals("{\"events\":\"\",\"maxEvents\":\"1h\",\"attendance\":\"\",\"recordings\":\"\","
                    + "\"maxAttendance\":\"1h\",\"maxRecordings\":\"2h\"}", unchanged.body(), "nothing refused was kept");

            HttpResponse<String> events = new Browser().send("PUT", retention, "{\"events\":\"30m\"}", "Authorization", teacherLink);
            assertEquals(200, events.statusCode(), events.body());
            HttpResponse<String> set = new Browser().send("PUT", retention, "{\"attendance\":\"2s\",\"recordings\":\"3s\"}",
                    "Authorization", teacherLink);
            assertEquals(200, set.statusCode(), set.body());
            assertEquals("{\"events\":\"30m\",\"maxEvents\":\"1h\",\"attendance\":\"2s\",\"recordings\":\"3s\","
                    + "\"maxAttendance\":\"1h\",\"maxRecordings\":\"2h\"}", set.body(), "a key absent is left as it is");

            long ended = System.currentTimeMillis();
            for (CreateRoomResponse each : List.of(witness, room)) {
                cql.execute("INSERT INTO " + keyspace + ".attendance (room_id, started_at, ended_at, session) VALUES (?, ?, ?, 0x)",
                        each.getRoomId(), ended - 60_000, ended);
                cql.execute("INSERT INTO " + keyspace + ".class_recordings (room_id, recording_id, participant_id, started_at, "
                        + "ended_at, bytes, blob) VALUES (?, 'r1', 'p1', ?, ?, 0, 'absent')",
                        each.getRoomId(), Instant.ofEpochMilli(ended - 60_000), Instant.ofEpochMilli(ended));
            }

            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((rows(cql, keyspace, "attendance", room) + rows(cql, keyspace, "class_recordings", room) > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertEquals(0, rows(cql, keyspace, "attendance", room), "the class's attendance older than its 2 s is purged");
            assertEquals(0, rows(cql, keyspace, "class_recordings", room), "the class's recordings older than its 3 s are purged");
            assertEquals(1, rows(cql, keyspace, "attendance", witness), "the other class keeps the deployment's hour");
            assertEquals(1, rows(cql, keyspace, "class_recordings", witness), "the other class keeps the deployment's 2 h");

            HttpResponse<String> cleared = new Browser().send("PUT", retention, "{\"attendance\":\"\"}", "Authorization", teacherLink);
            assertEquals("{\"events\":\"30m\",\"maxEvents\":\"1h\",\"attendance\":\"\",\"recordings\":\"3s\","
                    + "\"maxAttendance\":\"1h\",\"maxRecordings\":\"2h\"}", cleared.body(), "\"\" is the deployment's again");
        }
    }

    private static int rows(CqlSession cql, String keyspace, String table, CreateRoomResponse room) {
        return cql.execute("SELECT room_id FROM " + keyspace + "." + table + " WHERE room_id = ?", room.getRoomId()).all().size();
    }

    private static void chat(TestNode node, CreateRoomResponse room, String text, int times) {
        try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.join(room.getTeacher().getToken(), "M. Martin");
            for (int i = 0; i < times; i++) {
                teacher.chat(text + " " + i);
                teacher.await(ServerFrame::hasAck);
            }
        }
    }

    private static List<Long> sequenceNrs(CqlSession cql, String keyspace, String persistenceId) {
        return cql.execute("SELECT sequence_nr FROM " + keyspace + ".messages WHERE persistence_id = ? AND partition_nr = 0",
                persistenceId).all().stream().map((Row row) -> row.getLong("sequence_nr")).toList();
    }
}
