package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Reaction;
import app.ardoise.protocol.v1.ReactionKind;
import app.ardoise.protocol.v1.RemoveParticipant;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.ServerFrame;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may react and who sees it, in the room alone. */
class RoomReactionTest extends RoomTestBase {
    private static final Duration NOTHING_MORE = Duration.ofMillis(100);

    @BeforeEach
    void joinBoth() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        teacher.receiveMessage();
    }

    @Test
    void a_student_reacts_under_the_default_locks_and_everyone_sees_it_unwritten() throws InvalidProtocolBufferException {
        long seq = room.getState().lastSeq();
        var result = submit("s1", student, 7, ClientFrame.newBuilder().setReaction(Reaction.newBuilder()
                .setKind(ReactionKind.REACTION_KIND_CONFUSED).setClientId("t1")));
        assertTrue(result.hasNoEvents());
        Reaction expected = Reaction.newBuilder().setKind(ReactionKind.REACTION_KIND_CONFUSED).setClientId("s1").build();
        assertEquals(expected, relayed(teacher).getReaction());
        assertEquals(expected, relayed(student).getReaction());
        student.expectNoMessage(NOTHING_MORE);
        assertEquals(seq, room.getState().lastSeq());
    }

    @Test
    void an_unspecified_or_unknown_kind_is_refused_and_goes_nowhere() {
        expectRefused("s1", student, ClientFrame.newBuilder().setReaction(Reaction.getDefaultInstance()), ErrorCode.INVALID);
        expectRefused("s1", student, ClientFrame.newBuilder().setReaction(Reaction.newBuilder().setKindValue(99)),
                ErrorCode.INVALID);
        teacher.expectNoMessage(NOTHING_MORE);
    }

    @Test
    void a_removed_participant_or_a_stranger_cannot_react() {
        submit("t1", teacher, 2, ClientFrame.newBuilder().setRemoveParticipant(
                RemoveParticipant.newBuilder().setParticipantId("s1")));
        teacher.receiveMessage();
        assertTrue(broadcast(student).hasRemoved());
        student.expectMessageClass(ToSession.Close.class);

        ClientFrame.Builder thumbsUp = ClientFrame.newBuilder().setReaction(Reaction.newBuilder()
                .setKind(ReactionKind.REACTION_KIND_THUMBS_UP));
        expectRefused("s1", student, thumbsUp, ErrorCode.NOT_JOINED);
        TestProbe<ToSession> stranger = KIT.createTestProbe();
        expectRefused("x9", stranger, thumbsUp, ErrorCode.NOT_JOINED);
        teacher.expectNoMessage(NOTHING_MORE);
    }

    private static ServerFrame relayed(TestProbe<ToSession> session) throws InvalidProtocolBufferException {
        return ServerFrame.parseFrom(session.expectMessageClass(ToSession.Relay.class).frame().toArrayUnsafe());
    }
}
