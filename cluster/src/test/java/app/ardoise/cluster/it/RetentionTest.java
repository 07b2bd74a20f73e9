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
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real node and the real Cassandra, with a purge every second and retentions as durations (so a
 * test need not wait days): a class whose teacher keeps its events 4 s, under the deployment's hour, loses its old
 * events from the journal and its old chat from every table, snapshots included, and still opens, after a restart,
 * with its title and participants; a class that keeps the deployment's loses nothing.
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
            assertEquals("{\"events\":\"4s\",\"maxEvents\":\"1h\"}", set.body().replaceAll("\\s", ""));
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
