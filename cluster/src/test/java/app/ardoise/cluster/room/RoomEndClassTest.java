package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.RoomSnapshot;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ending a class: ClassEnded reaches everyone, then every session is closed with 4005 and the roster empties;
 * the board and the chat stay, and the next Join through the same link starts the class's next session.
 */
class RoomEndClassTest extends RoomTestBase {

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        submit("s1", student, 2, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("à demain")));
        submit("s1", student, 3, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        drain(teacher, student);
    }

    @Test
    void a_teacher_ends_the_class_for_everyone_and_the_same_link_opens_it_again() {
        var result = submit("t1", teacher, 7, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()));
        assertTrue(result.eventOfType(RoomEvent.class).hasClassEnded());
        assertTrue(broadcast(student).hasClassEnded(), "the event first");
        assertEquals(CloseCode.ENDED, student.expectMessageClass(ToSession.Close.class).code());
        assertTrue(own(teacher, 7).hasClassEnded());
        assertEquals(CloseCode.ENDED, teacher.expectMessageClass(ToSession.Close.class).code());
        assertTrue(room.getState().ended());
        assertTrue(room.getState().members().isEmpty(), "the roster is emptied");

        TestProbe<ToSession> back = KIT.createTestProbe();
        var resumed = room.runCommand(new RoomCommand.Connect("s1", "Student", Role.ROLE_STUDENT, true, 0, 1, 0, back.getRef()));
        assertTrue(resumed.hasNoEvents(), "nothing to resume in an ended class");
        assertEquals(CloseCode.ENDED, back.expectMessageClass(ToSession.Close.class).code());

        long endedAt = result.eventOfType(RoomEvent.class).getTimeMs();
        assertEquals(endedAt, room.getState().endedAtMs());
        assertEquals(endedAt, RoomState.fromSnapshot(room.getState().toSnapshot(), 100, 100).endedAtMs(), "in the snapshot");
        room.restart();
        assertTrue(room.getState().ended(), "as recovered");
        assertEquals(endedAt, room.getState().endedAtMs(), "as recovered");
        TestProbe<ToSession> next = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s3", "Lina", Role.ROLE_STUDENT, false, 0, 1, 0, next.getRef()));
        RoomSnapshot view = single(next).getWelcome().getRoom();
        assertEquals(1, view.getParticipantsCount(), "a new session of the class: today's participants only");
        assertFalse(view.getParticipants(0).getHandRaised());
        assertEquals("à demain", view.getChat(0).getText(), "the chat stays");
        assertTrue(view.getWhiteboard().getPagesCount() > 0, "the board stays");
        assertFalse(room.getState().ended());
        assertEquals(endedAt, room.getState().endedAtMs(), "the last end is kept through the next session");
    }

    @Test
    void the_api_ends_the_class_and_answers_once_it_is_written() {
        TestProbe<RoomInfo> reply = KIT.createTestProbe();
        room.runCommand(new RoomCommand.End(reply.getRef()));
        RoomInfo info = reply.receiveMessage();
        assertTrue(info.ended());
        assertEquals(0, info.participants());
        for (TestProbe<ToSession> session : java.util.List.of(teacher, student)) {
            RoomEvent ended = broadcast(session);
            assertTrue(ended.hasClassEnded());
            assertEquals("", ended.getAuthor(), "no participant's doing");
            assertEquals(CloseCode.ENDED, session.expectMessageClass(ToSession.Close.class).code());
        }
        var again = room.runCommand(new RoomCommand.End(reply.getRef()));
        assertTrue(again.hasNoEvents(), "an ended, empty class stays as it is");
        assertTrue(reply.receiveMessage().ended());
        teacher.expectNoMessage(Duration.ofMillis(50));
    }
}
