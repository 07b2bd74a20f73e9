package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ChatMessage;
import app.ardoise.protocol.v1.ClearChat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.DeleteChatMessage;
import app.ardoise.protocol.v1.EndClass;
import app.ardoise.protocol.v1.Participant;
import app.ardoise.protocol.v1.RenewLink;
import app.ardoise.protocol.v1.Resync;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.SetChatMuted;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A teacher's hold on the chat of a class of minors: deleting one message, clearing the public chat, muting one
 * student. A deleted text must never be served again: not live, not in a Welcome, not in a resume's catch-up,
 * not after the class recovers from its journal.
 */
class RoomChatModerationTest extends RoomTestBase {
    private TestProbe<ToSession> other;
    private long clientSeq = 100;

    @BeforeEach
    void joinClass() {
        other = KIT.createTestProbe();
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        join("s2", "Other", Role.ROLE_STUDENT, other);
        drain(teacher, student, other);
    }

    @Test
    void a_student_may_do_none_of_the_teachers_actions() {
        long seq = post("s1", student, "bonjour", "");
        expectRefused("s2", other, ClientFrame.newBuilder().setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(seq)),
                ErrorCode.FORBIDDEN);
        expectRefused("s2", other, ClientFrame.newBuilder().setClearChat(ClearChat.getDefaultInstance()), ErrorCode.FORBIDDEN);
        expectRefused("s2", other, ClientFrame.newBuilder().setSetChatMuted(
                SetChatMuted.newBuilder().setParticipantId("s1").setMuted(true)), ErrorCode.FORBIDDEN);
        expectRefused("s2", other, ClientFrame.newBuilder().setEndClass(EndClass.getDefaultInstance()), ErrorCode.FORBIDDEN);
        expectRefused("s2", other, ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(Role.ROLE_STUDENT)),
                ErrorCode.FORBIDDEN);
        assertEquals(List.of("bonjour"), texts(room.getState().viewFor("room-1", "t1").getChatList()));
    }

    @Test
    void a_deleted_message_is_served_to_no_one_again() {
        long before = room.getState().lastSeq();
        long kept = post("s2", other, "première", "");
        long seq = post("s1", student, "un gros mot", "");

        submit("t1", teacher, 7, ClientFrame.newBuilder().setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(seq)));
        assertEquals(seq, broadcast(student).getChatMessageDeleted().getSeq());
        assertEquals(seq, broadcast(other).getChatMessageDeleted().getSeq());
        assertEquals(seq, own(teacher, 7).getChatMessageDeleted().getSeq());

        for (String viewer : List.of("t1", "s1", "s2")) {
            assertEquals(List.of("première"), texts(room.getState().viewFor("room-1", viewer).getChatList()), viewer);
        }
        submit("s1", student, 8, ClientFrame.newBuilder().setResync(Resync.getDefaultInstance()));
        assertEquals(List.of("première"), texts(single(student).getWelcome().getRoom().getChatList()));

        // A resume from before both messages replays the deleted one as a tombstone: its seq, no text.
        List<ServerFrame> replay = resumeFrom("s1", student, before);
        assertFalse(replay.toString().contains("un gros mot"), replay.toString());
        RoomEvent tombstone = replay.stream().map(ServerFrame::getEvent).filter(e -> e.getSeq() == seq).findFirst().orElseThrow();
        assertTrue(tombstone.getChat().getDeleted());
        assertTrue(replay.stream().anyMatch(f -> f.getEvent().getSeq() == kept && f.getEvent().getChat().getText().equals("première")));

        room.restart();
        assertFalse(room.getState().toSnapshot().toString().contains("un gros mot"), "nor after recovery");
        assertFalse(resumeFrom("s1", KIT.createTestProbe(), before).toString().contains("un gros mot"));
    }

    @Test
    void deleting_twice_changes_nothing_and_an_unknown_message_is_named() {
        long seq = post("s1", student, "oups", "");
        submit("t1", teacher, 7, ClientFrame.newBuilder().setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(seq)));
        drain(teacher, student, other);
        var again = submit("t1", teacher, 8, ClientFrame.newBuilder().setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(seq)));
        assertTrue(again.hasNoEvents());
        assertEquals(0, single(teacher).getAck().getSeq());
        expectRefused("t1", teacher, ClientFrame.newBuilder().setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(999)),
                ErrorCode.NO_SUCH_MESSAGE);
        long created = 1;
        expectRefused("t1", teacher, ClientFrame.newBuilder().setDeleteChatMessage(DeleteChatMessage.newBuilder().setSeq(created)),
                ErrorCode.NO_SUCH_MESSAGE);
    }

    @Test
    void clearing_takes_the_public_chat_away_and_leaves_private_messages() {
        long before = room.getState().lastSeq();
        post("s1", student, "public un", "");
        post("s1", student, "à la maîtresse", "t1");
        post("t1", teacher, "public deux", "");

        submit("t1", teacher, 7, ClientFrame.newBuilder().setClearChat(ClearChat.getDefaultInstance()));
        RoomEvent cleared = broadcast(student);
        assertEquals(cleared.getSeq() - 1, cleared.getChatCleared().getUpToSeq());
        assertEquals(cleared, own(teacher, 7));

        assertEquals(List.of("à la maîtresse"), texts(room.getState().viewFor("room-1", "t1").getChatList()));
        assertEquals(List.of("à la maîtresse"), texts(room.getState().viewFor("room-1", "s1").getChatList()));
        assertEquals(List.of(), texts(room.getState().viewFor("room-1", "s2").getChatList()));
        String replay = resumeFrom("s2", other, before).toString();
        assertFalse(replay.contains("public un") || replay.contains("public deux"), replay);

        var again = submit("t1", teacher, 8, ClientFrame.newBuilder().setClearChat(ClearChat.getDefaultInstance()));
        assertTrue(again.hasNoEvents(), "nothing left to clear");
    }

    @Test
    void a_muted_student_may_not_write_while_the_others_may() {
        submit("t1", teacher, 7, ClientFrame.newBuilder().setSetChatMuted(
                SetChatMuted.newBuilder().setParticipantId("s1").setMuted(true)));
        assertTrue(broadcast(student).getChatMuteChanged().getMuted());
        drain(teacher, student, other);
        assertTrue(participant("s1").getChatMuted(), "the roster shows it");
        assertFalse(participant("s2").getChatMuted());

        expectRefused("s1", student, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("je parle")),
                ErrorCode.CHAT_MUTED);
        expectRefused("s1", student, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("psst").setTo("t1")),
                ErrorCode.CHAT_MUTED);
        post("s2", other, "moi je peux", "");

        var again = submit("t1", teacher, 8, ClientFrame.newBuilder().setSetChatMuted(
                SetChatMuted.newBuilder().setParticipantId("s1").setMuted(true)));
        assertTrue(again.hasNoEvents());
        drain(teacher);
        expectRefused("t1", teacher, ClientFrame.newBuilder().setSetChatMuted(
                SetChatMuted.newBuilder().setParticipantId("t1").setMuted(true)), ErrorCode.INVALID);
        expectRefused("t1", teacher, ClientFrame.newBuilder().setSetChatMuted(
                SetChatMuted.newBuilder().setParticipantId("nobody").setMuted(true)), ErrorCode.NO_SUCH_PARTICIPANT);

        submit("t1", teacher, 9, ClientFrame.newBuilder().setSetChatMuted(
                SetChatMuted.newBuilder().setParticipantId("s1").setMuted(false)));
        drain(teacher, student, other);
        assertFalse(participant("s1").getChatMuted());
        post("s1", student, "merci", "");
        room.restart();
        assertFalse(participant("s1").getChatMuted(), "as recovered from the journal");
    }

    /** Posts a chat message, waits for it to be written and sent; returns its seq. */
    private long post(String id, TestProbe<ToSession> session, String text, String to) {
        long seq = ++clientSeq;
        submit(id, session, seq, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText(text).setTo(to)));
        RoomEvent event = broadcast(session);
        assertEquals(seq, single(session).getAck().getClientSeq());
        drain(teacher, student, other);
        return event.getSeq();
    }

    /** Detaches the participant, then resumes after {@code lastSeq}: the frames of its catch-up. */
    private List<ServerFrame> resumeFrom(String id, TestProbe<ToSession> session, long lastSeq) {
        room.runCommand(new RoomCommand.Detach(id, session.getRef()));
        drain(teacher, student, other);
        TestProbe<ToSession> back = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect(id, "", Role.ROLE_UNSPECIFIED, true, lastSeq, 9, 0, back.getRef()));
        List<ServerFrame> frames = back.expectMessageClass(ToSession.Deliver.class).frames();
        assertTrue(frames.get(frames.size() - 1).hasAck(), "a catch-up, not a Welcome");
        drain(teacher, student, other);
        return frames;
    }

    private Participant participant(String id) {
        return room.getState().viewFor("room-1", "t1").getParticipantsList().stream()
                .filter(p -> p.getId().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> texts(List<ChatMessage> chat) {
        return chat.stream().map(ChatMessage::getText).toList();
    }
}
