package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.Chat;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.LowerHand;
import app.ardoise.protocol.v1.RaiseHand;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.ServerFrame;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a chat message or a whiteboard batch again never makes a duplicate: it gets the first seq. A
 * hand raised or lowered again changes nothing and is acknowledged (seq 0), so a session may send those again too.
 */
class RoomResubmitTest extends RoomTestBase {

    @Test
    void a_chat_message_sent_again_is_acknowledged_with_its_first_seq_and_written_once() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        ClientFrame.Builder chat = ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("bonjour").setClientMessageId("m-1"));
        submit("s1", student, 3, chat);
        long first = broadcast(student).getSeq();
        assertEquals(first, single(student).getAck().getSeq());

        var again = submit("s1", student, 4, chat);
        assertTrue(again.hasNoEvents(), "nothing written the second time");
        var ack = single(student).getAck();
        assertEquals(4, ack.getClientSeq());
        assertEquals(first, ack.getSeq());

        submit("s1", student, 5, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("bonjour").setClientMessageId("m-2")));
        assertEquals(first + 1, broadcast(student).getSeq(), "another id is another message, even with the same text");
        assertEquals(first + 1, room.restart().state().lastSeq(), "two messages in the journal, not three");
    }

    @Test
    void the_same_id_from_another_participant_is_another_message() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        teacher.receiveMessage();
        submit("s1", student, 3, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("a").setClientMessageId("1")));
        broadcast(teacher);
        submit("t1", teacher, 3, ClientFrame.newBuilder().setChat(Chat.newBuilder().setText("b").setClientMessageId("1")));
        assertEquals("b", broadcast(teacher).getChat().getText());
    }

    @Test
    void a_whiteboard_batch_sent_again_is_acknowledged_with_its_first_seq() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        WhiteboardBatch batch = WhiteboardBatch.newBuilder().addOps(WhiteboardOp.newBuilder()
                .setId("t1:2").setLamport(2).setClientId("t1").setPage(FirstPage.PAGE_ID)
                .setCreateShape(CreateShape.newBuilder().setShapeId("t1:2").setKind(ShapeKind.SHAPE_KIND_RECTANGLE))).build();
        submit("t1", teacher, 3, ClientFrame.newBuilder().setWhiteboard(batch));
        long first = broadcast(teacher).getSeq();
        single(teacher);

        var again = submit("t1", teacher, 4, ClientFrame.newBuilder().setWhiteboard(batch));
        assertTrue(again.hasNoEvents());
        ServerFrame ack = single(teacher);
        assertEquals(first, ack.getAck().getSeq(), "acknowledged, not refused as 'exists already'");
    }

    @Test
    void a_hand_raised_or_lowered_again_is_acknowledged_and_writes_nothing() {
        join("s1", "Student", Role.ROLE_STUDENT, student);
        submit("s1", student, 3, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance()));
        assertTrue(own(student, 3).hasHandRaised());
        long written = room.getState().lastSeq();

        assertTrue(submit("s1", student, 4, ClientFrame.newBuilder().setRaiseHand(RaiseHand.getDefaultInstance())).hasNoEvents());
        ServerFrame again = single(student);
        assertEquals(4, again.getAck().getClientSeq());
        assertEquals(0, again.getAck().getSeq(), "unchanged: nothing written");

        submit("s1", student, 5, ClientFrame.newBuilder().setLowerHand(LowerHand.getDefaultInstance()));
        assertTrue(own(student, 5).hasHandLowered());
        assertTrue(submit("s1", student, 6, ClientFrame.newBuilder().setLowerHand(LowerHand.getDefaultInstance())).hasNoEvents());
        assertEquals(0, single(student).getAck().getSeq());
        assertEquals(written + 1, room.getState().lastSeq(), "one raise and one lower written, no copy");
    }

    @Test
    void capacity_counts_who_is_connected_not_who_ever_came() {
        join("a", "A", Role.ROLE_STUDENT, student);
        join("b", "B", Role.ROLE_STUDENT, KIT.createTestProbe());
        var c = KIT.<ToSession>createTestProbe();
        join("c", "C", Role.ROLE_STUDENT, c);
        room.runCommand(new RoomCommand.Detach("c", c.getRef()));
        var d = KIT.<ToSession>createTestProbe();
        var result = room.runCommand(new RoomCommand.Connect("d", "D", Role.ROLE_STUDENT, false, 0, 1, 0, d.getRef()));
        assertTrue(result.event().hasJoined(), "three may be connected; c has gone");
        assertTrue(single(d).hasWelcome());
    }

    @Test
    void a_participant_the_roster_no_longer_has_comes_back_as_themselves_with_their_token() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        var back = KIT.<ToSession>createTestProbe();
        // As a room that took s9 off its roster sees a resume signed for s9: the token names them and their link's role.
        var result = room.runCommand(new RoomCommand.Connect("s9", "Inès", Role.ROLE_STUDENT, true, 3, 7, 0, back.getRef()));
        RoomEvent joined = result.event();
        assertEquals("s9", joined.getJoined().getParticipantId());
        assertEquals("Inès", joined.getJoined().getName());
        assertEquals(Role.ROLE_STUDENT, joined.getJoined().getRole());
        var welcome = single(back).getWelcome();
        assertEquals("s9", welcome.getParticipantId());
        assertTrue(welcome.getResumed(), "a whole snapshot answers the resume");
        assertEquals(List.of("t1", "s9"), welcome.getRoom().getParticipantsList().stream().map(p -> p.getId()).toList());
    }
}
