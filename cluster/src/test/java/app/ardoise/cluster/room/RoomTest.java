package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.CloseCode;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.LowerHand;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.RemoveParticipant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetRole;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.Test;

/** The room's command and event logic, through Pekko's EventSourcedBehaviorTestKit (in-memory journal). */
class RoomTest extends RoomTestBase {

    @Test
    void joining_persists_the_participant_welcomes_them_and_tells_the_others() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        var result = room.runCommand(new RoomCommand.Connect("s1", "Student", Role.ROLE_STUDENT, false, 0, 1, 0, student.getRef()));
        assertEquals("Student", result.eventOfType(RoomEvent.class).getJoined().getName());
        ServerFrame welcome = single(student);
        assertEquals(2, welcome.getWelcome().getRoom().getParticipantsCount());
        assertEquals(result.event().getSeq(), welcome.getWelcome().getLastSeq());
        assertEquals("s1", broadcast(teacher).getJoined().getParticipantId());
    }

    @Test
    void chat_is_persisted_broadcast_and_acknowledged() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        teacher.receiveMessage();
        long before = room.getState().lastSeq();
        submit("s1", student, 7, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("bonjour")
                .setClientMessageId("s1-msg-1")));
        RoomEvent event = broadcast(teacher);
        assertEquals("bonjour", event.getChat().getText());
        assertEquals("s1", event.getAuthor());
        assertEquals("s1-msg-1", event.getChat().getClientMessageId(), "the client's id comes back");
        assertEquals(before + 1, event.getSeq());
        assertEquals(event.getSeq(), room.restart().state().lastSeq(), "written before it was sent");
        assertEquals(event, broadcast(student), "the author gets its event as the others do");
        var ack = single(student).getAck();
        assertEquals(7, ack.getClientSeq());
        assertEquals(event.getSeq(), ack.getSeq());
    }

    @Test
    void a_refused_action_persists_nothing_and_names_the_reason() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        teacher.receiveMessage();
        RoomState before = room.getState();
        long seq = before.lastSeq();

        expectRefused("s1", student, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("x".repeat(4001))),
                ErrorCode.TOO_LARGE);
        expectRefused("s1", student, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("  ")), ErrorCode.INVALID);
        expectRefused("s1", student, ClientFrame.newBuilder().setSetRole(
                SetRole.newBuilder().setParticipantId("s1").setRole(Role.ROLE_TEACHER)), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setRemoveParticipant(
                RemoveParticipant.newBuilder().setParticipantId("t1")), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setLowerHand(
                LowerHand.newBuilder().setParticipantId("t1")), ErrorCode.FORBIDDEN);
        expectRefused("s1", student, ClientFrame.newBuilder().setChat(
                Chat.newBuilder().setText("hi").setTo("nobody")), ErrorCode.NO_SUCH_PARTICIPANT);
        expectRefused("t1", teacher, ClientFrame.newBuilder().setSetRole(
                SetRole.newBuilder().setParticipantId("t1").setRole(Role.ROLE_STUDENT)), ErrorCode.INVALID);
        assertEquals(seq, room.getState().lastSeq());
        teacher.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void a_session_that_is_not_attached_cannot_act() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        TestProbe<ToSession> impostor = KIT.createTestProbe();
        expectRefused("s1", impostor, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()),
                ErrorCode.NOT_JOINED);
    }

    @Test
    void a_full_class_refuses_one_more() {
        join("a", "A", Role.ROLE_STUDENT, KIT.createTestProbe());
        join("b", "B", Role.ROLE_STUDENT, KIT.createTestProbe());
        join("c", "C", Role.ROLE_STUDENT, KIT.createTestProbe());
        var result = room.runCommand(new RoomCommand.Connect("d", "D", Role.ROLE_STUDENT, false, 0, 1, 0, student.getRef()));
        assertTrue(result.hasNoEvents());
        assertEquals(ErrorCode.ROOM_FULL, single(student).getError().getCode());
    }

    @Test
    void raising_twice_is_acknowledged_without_a_second_event() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        submit("s1", student, 2, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        student.receiveMessage();
        var again = submit("s1", student, 3, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        assertTrue(again.hasNoEvents());
        assertEquals(0, single(student).getAck().getSeq());
    }

    @Test
    void a_resume_replays_what_was_missed_with_private_chat_filtered() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        join("s2", "Other", Role.ROLE_STUDENT, KIT.createTestProbe());
        long seen = room.getState().lastSeq();
        room.runCommand(new RoomCommand.Detach("s1", student.getRef()));
        submit("t1", teacher, 2, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("public")));
        submit("t1", teacher, 3, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("secret").setTo("s2")));

        TestProbe<ToSession> back = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s1", "", Role.ROLE_UNSPECIFIED, true, seen, 9, 0, back.getRef()));
        var frames = back.expectMessageClass(ToSession.Deliver.class).frames();
        var texts = frames.stream().filter(f -> f.hasEvent() && f.getEvent().hasChat())
                .map(f -> f.getEvent().getChat().getText()).toList();
        assertEquals(java.util.List.of("public"), texts);
        assertTrue(frames.get(frames.size() - 2).getEvent().hasConnected());
        assertEquals(9, frames.get(frames.size() - 1).getAck().getClientSeq());
        assertEquals(room.getState().lastSeq(), frames.get(frames.size() - 1).getAck().getSeq());
    }

    @Test
    void a_student_writes_privately_to_a_teacher_only() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        TestProbe<ToSession> other = KIT.createTestProbe();
        join("s2", "Other", Role.ROLE_STUDENT, other);
        drain(teacher, student);
        expectRefused("s1", student, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("psst").setTo("s2")),
                ErrorCode.FORBIDDEN);
        submit("s1", student, 43, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("question").setTo("t1")));
        assertEquals("t1", broadcast(student).getChat().getTo(), "to a teacher it goes");
    }

    @Test
    void a_removed_participant_is_closed_and_cannot_resume() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        teacher.receiveMessage();
        submit("t1", teacher, 2, ClientFrame.newBuilder().setRemoveParticipant(
                RemoveParticipant.newBuilder().setParticipantId("s1")));
        assertTrue(broadcast(student).hasRemoved());
        assertEquals(CloseCode.REMOVED, student.expectMessageClass(ToSession.Close.class).code());
        TestProbe<ToSession> back = KIT.createTestProbe();
        var result = room.runCommand(new RoomCommand.Connect("s1", "", Role.ROLE_UNSPECIFIED, true, 0, 1, 0, back.getRef()));
        assertTrue(result.hasNoEvents());
        assertEquals(CloseCode.REMOVED, back.expectMessageClass(ToSession.Close.class).code());
    }

    @Test
    void recovery_from_snapshot_and_events_rebuilds_the_same_state() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        for (int i = 0; i < 12; i++) {
            submit("s1", student, 10 + i, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("m" + i)));
        }
        var before = room.getState().toSnapshot();
        room.restart();
        var after = room.getState().toSnapshot();
        assertEquals(before, after);
        assertFalse(after.getChatList().isEmpty());
    }

    @Test
    void a_room_restarted_elsewhere_asks_the_sessions_that_check_in_to_attach_again() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        room.runCommand(new RoomCommand.Heartbeat("s1", student.getRef()));
        student.expectNoMessage(Duration.ofMillis(50));

        room.restart();
        room.runCommand(new RoomCommand.Heartbeat("s1", student.getRef()));
        student.expectMessageClass(ToSession.Reattach.class);

        var result = submit("s1", student, 5, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        assertTrue(result.hasNoEvents());
        student.expectMessageClass(ToSession.Reattach.class);
        assertEquals(ErrorCode.UNAVAILABLE, single(student).getError().getCode(), "not applied: send it again");
    }
}
