package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EntryPolicy;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetEntryPolicy;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * After a node loss the queue is recovered from the journal; a waiting student whose session does not come back
 * within the presence grace (short here) leaves it, as a stale connection is marked disconnected.
 */
class RoomWaitingAfterRestartTest extends RoomTestBase {

    @Override
    RoomSettings settings() {
        return new RoomSettings(5, Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofHours(1), seats(10), 50, 100, Duration.ZERO, RoomTestBase.ONE_SFU, true);
    }

    @Test
    void a_waiting_student_who_does_not_come_back_leaves_the_queue() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        submit("t1", teacher, 2, ClientFrame.newBuilder().setSetEntryPolicy(
                SetEntryPolicy.newBuilder().setPolicy(EntryPolicy.ENTRY_POLICY_ADMIT)));
        TestProbe<ToSession> w1 = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("w1", "Zoé", Role.ROLE_STUDENT, false, 0, 1, 0, w1.getRef()));
        drain(teacher);

        room.restart();
        assertEquals(1, room.getState().waiting().size(), "recovered");
        room.runCommand(new RoomCommand.Connect("t1", "Teacher", Role.ROLE_TEACHER, true, room.getState().lastSeq(), 0, 0,
                teacher.getRef()));
        teacher.expectMessageClass(ToSession.Deliver.class);

        RoomEvent gone = broadcast(teacher);
        assertEquals("w1", gone.getWaitingLeft().getParticipantId());
        assertEquals("", gone.getAuthor(), "the room's finding, not the student's doing");
        assertTrue(room.getState().waiting().isEmpty());
    }
}
