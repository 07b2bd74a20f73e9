package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomProtocol;
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
import java.util.List;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real node and the real Cassandra: with events kept 6 s and a purge every second (the settings
 * are durations, so a test need not wait days), a class's old events leave the journal, and its old chat every
 * table, snapshots included; the class still opens, after a restart, with its title and participants.
 */
class RetentionTest {
    private static final String CONFIG = """
            ardoise.retention.events = 6s
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
            room = node.createRoom("Retenue");
            persistenceId = PersistenceId.of(RoomProtocol.TYPE_KEY.name(), room.getRoomId()).id();
            try (WsClient teacher = node.connect(room.getRoomId(), room.getTeacher().getToken())) {
                teacher.join(room.getTeacher().getToken(), "M. Martin");
                for (int i = 0; i < 7; i++) {
                    teacher.chat("ancien message " + i);
                    teacher.await(ServerFrame::hasAck);
                }
            }
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

    private static List<Long> sequenceNrs(CqlSession cql, String keyspace, String persistenceId) {
        return cql.execute("SELECT sequence_nr FROM " + keyspace + ".messages WHERE persistence_id = ? AND partition_nr = 0",
                persistenceId).all().stream().map((Row row) -> row.getLong("sequence_nr")).toList();
    }
}
