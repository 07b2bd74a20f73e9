package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention's purge as the room sees it: the chat written before the cutoff leaves its state, the snapshot its
 * RetentionApplied triggers is saved before it answers, and no one is sent that event. The journal's side (events
 * deleted under the snapshot) is tested on a node against Cassandra (RetentionTest).
 */
class RoomRetentionTest extends RoomTestBase {

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void a_purge_forgets_the_older_chat_answers_once_its_snapshot_is_saved_and_reaches_no_one() throws Exception {
        submit("t1", teacher, 1, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("avant")));
        Thread.sleep(20);
        long cutoff = System.currentTimeMillis();
        Thread.sleep(20);
        submit("t1", teacher, 2, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("après")));
        drain(teacher, student);

        TestProbe<RoomInfo> reply = KIT.createTestProbe();
        var written = room.runCommand(new RoomCommand.Purge(cutoff, reply.getRef()));
        assertEquals(cutoff, written.eventOfType(RoomEvent.class).getRetentionApplied().getBeforeMs());
        assertTrue(reply.receiveMessage().exists());
        teacher.expectNoMessage(Duration.ofMillis(100));
        student.expectNoMessage(Duration.ofMillis(100));

        // Recovered from the snapshot the purge took: a newcomer's Welcome has the later chat only.
        room.restart();
        TestProbe<ToSession> late = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s2", "Late", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef()));
        List<String> chat = single(late).getWelcome().getRoom().getChatList().stream().map(ChatMessage::getText).toList();
        assertEquals(List.of("après"), chat);
    }
}
