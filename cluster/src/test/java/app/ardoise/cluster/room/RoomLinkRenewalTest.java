package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Leave;
import app.ardoise.protocol.v1.RenewLink;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renewing a link: from the renewal on, the room refuses a Join through the old link, and the Resume of anyone
 * no longer on the roster who came in through it. Whoever is on the roster stays, as in BigBlueButton.
 */
class RoomLinkRenewalTest extends RoomTestBase {

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void the_old_student_link_is_refused_at_once_and_the_new_one_and_the_teachers_let_in() {
        submit("t1", teacher, 7, ClientFrame.newBuilder().setRenewLink(RenewLink.newBuilder().setRole(Role.ROLE_STUDENT)));
        RoomEvent renewed = own(teacher, 7);
        assertEquals(Role.ROLE_STUDENT, renewed.getLinkRenewed().getRole());
        assertEquals(1, renewed.getLinkRenewed().getGeneration());
        assertEquals(renewed, broadcast(student));
        assertEquals(1, room.getState().linkGeneration(Role.ROLE_STUDENT));
        assertEquals(0, room.getState().linkGeneration(Role.ROLE_TEACHER));

        expectJoin("s2", Role.ROLE_STUDENT, 0, ErrorCode.LINK_REVOKED);
        expectJoin("s3", Role.ROLE_STUDENT, 1, null);
        expectJoin("t2", Role.ROLE_TEACHER, 0, null);

        room.restart();
        expectJoin("s4", Role.ROLE_STUDENT, 0, ErrorCode.LINK_REVOKED);
        expectJoin("s5", Role.ROLE_STUDENT, 1, null);
    }

    @Test
    void who_is_on_the_roster_may_resume_and_who_has_left_may_not() {
        TestProbe<ToSession> gone = KIT.createTestProbe();
        join("s2", "Parti", Role.ROLE_STUDENT, gone);
        submit("s2", gone, 3, ClientFrame.newBuilder().setLeave(Leave.getDefaultInstance()));
        room.runCommand(new RoomCommand.Detach("s1", student.getRef()));
        TestProbe<RoomInfo> reply = KIT.createTestProbe();
        room.runCommand(new RoomCommand.RenewLink(Role.ROLE_STUDENT, reply.getRef()));
        assertEquals(1, reply.receiveMessage().studentLinkGeneration());
        drain(teacher, student, gone);

        TestProbe<ToSession> back = KIT.createTestProbe();
        room.runCommand(new RoomCommand.Connect("s1", "Student", Role.ROLE_STUDENT, true, 0, 1, 0, back.getRef()));
        var caughtUp = back.expectMessageClass(ToSession.Deliver.class).frames();
        assertTrue(caughtUp.get(caughtUp.size() - 1).hasAck(), "still on the roster: " + caughtUp);

        TestProbe<ToSession> again = KIT.createTestProbe();
        var refused = room.runCommand(new RoomCommand.Connect("s2", "Parti", Role.ROLE_STUDENT, true, 0, 4, 0, again.getRef()));
        assertTrue(refused.hasNoEvents());
        var error = single(again).getError();
        assertEquals(ErrorCode.LINK_REVOKED, error.getCode());
        assertEquals(4, error.getClientSeq());
    }

    @Test
    void the_api_renews_a_link_and_answers_its_generation() {
        TestProbe<RoomInfo> reply = KIT.createTestProbe();
        room.runCommand(new RoomCommand.RenewLink(Role.ROLE_TEACHER, reply.getRef()));
        room.runCommand(new RoomCommand.RenewLink(Role.ROLE_TEACHER, reply.getRef()));
        reply.receiveMessage();
        RoomInfo info = reply.receiveMessage();
        assertEquals(2, info.teacherLinkGeneration());
        assertEquals(0, info.studentLinkGeneration());
        assertTrue(info.current(Role.ROLE_TEACHER, 2));
        assertEquals("", broadcast(student).getAuthor());
        expectJoin("t2", Role.ROLE_TEACHER, 1, ErrorCode.LINK_REVOKED);
        expectJoin("s2", Role.ROLE_STUDENT, 0, null);
    }

    /** A Join through a link of {@code generation}: let in ({@code code} null), or refused with {@code code}. */
    private void expectJoin(String id, Role role, long generation, String code) {
        TestProbe<ToSession> session = KIT.createTestProbe();
        var result = room.runCommand(new RoomCommand.Connect(id, id, role, false, 0, 5, generation, session.getRef()));
        if (code == null) {
            assertTrue(result.eventOfType(RoomEvent.class).hasJoined());
            assertTrue(single(session).hasWelcome());
            room.runCommand(new RoomCommand.Detach(id, session.getRef())); // the class holds only three at once
        } else {
            assertTrue(result.hasNoEvents());
            assertEquals(code, single(session).getError().getCode());
        }
    }
}
