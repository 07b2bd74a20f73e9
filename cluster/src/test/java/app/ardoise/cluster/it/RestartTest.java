package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.WsClient;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.CreateRoomResponse;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.Welcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stopping a node and starting a new one on the same Cassandra keyspace keeps every class and its chat. */
class RestartTest {

    @Test
    void a_restarted_node_keeps_the_class_its_participants_and_its_chat() {
        String keyspace = TestCassandra.freshKeyspace();
        // Snapshots every 4 events and a 3-event log tail: recovery goes through snapshot + events,
        // and a resume across the restart is older than the kept tail.
        String config = "ardoise.room.snapshot-every = 4\nardoise.room.recent-events-kept = 3";
        CreateRoomResponse room;
        Welcome teacherWelcome;
        List<String> chatBefore;
        try (TestNode first = TestNode.start(keyspace, config)) {
            room = first.createRoom("Histoire");
            try (WsClient teacher = first.connect(room.getRoomId(), room.getTeacher().getToken());
                 WsClient student = first.connect(room.getRoomId(), room.getStudent().getToken())) {
                teacherWelcome = teacher.join(room.getTeacher().getToken(), "M. Martin");
                student.join(room.getStudent().getToken(), "Hugo");
                for (int i = 0; i < 7; i++) {
                    teacher.chat("leçon " + i);
                    teacher.await(ServerFrame::hasAck);
                }
                student.chat("merci");
                student.await(ServerFrame::hasAck);
            }
            chatBefore = List.of("leçon 0", "leçon 1", "leçon 2", "leçon 3", "leçon 4", "leçon 5", "leçon 6", "merci");
        }

        try (TestNode second = TestNode.start(keyspace, config);
             WsClient teacher = second.connect(room.getRoomId(), room.getTeacher().getToken())) {
            teacher.resume(room.getRoomId(), teacherWelcome, teacherWelcome.getLastSeq());
            Welcome after = teacher.await(ServerFrame::hasWelcome).getWelcome();
            assertTrue(after.getResumed(), "the gap is older than the kept tail: a fresh snapshot");
            assertEquals("Histoire", after.getRoom().getTitle());
            assertEquals(chatBefore, after.getRoom().getChatList().stream().map(ChatMessage::getText).toList());
            assertEquals(List.of("M. Martin", "Hugo"),
                    after.getRoom().getParticipantsList().stream().map(Participant::getName).toList());
            assertFalse(after.getRoom().getParticipantsList().stream()
                    .filter(p -> p.getName().equals("Hugo")).findFirst().orElseThrow().getConnected());
            assertTrue(after.getLastSeq() > teacherWelcome.getLastSeq());
        }
    }
}
