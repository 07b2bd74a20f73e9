package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.ToSession;
import app.ardoise.protocol.v1.Role;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * Students who leave stay on the roster for absent-after (an hour), so that they come back as themselves. The
 * roster keeps as many of them as the class seats: names that come through one link by the thousand and never
 * return would otherwise fill it, and every newcomer's Welcome, for that hour.
 */
class RoomRosterBoundTest extends RoomTestBase {

    @Test
    void past_as_many_gone_as_the_class_seats_the_longest_gone_leave_the_roster() throws InterruptedException {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        for (int i = 1; i <= 6; i++) {
            TestProbe<ToSession> session = KIT.createTestProbe();
            join("s" + i, "Student " + i, Role.ROLE_STUDENT, session);
            room.runCommand(new RoomCommand.Detach("s" + i, session.getRef()));
            assertTrue(room.getState().member("s" + i).map(member -> !member.connected()).orElse(false), "s" + i + " gone");
            Thread.sleep(5); // each leaves at a time of its own
        }
        // The class seats 3: the six who left are remembered until the next arrival.
        join("s7", "Newcomer", Role.ROLE_STUDENT, student);

        List<String> roster = room.getState().members().stream().map(Member::id).toList();
        assertEquals(List.of("t1", "s4", "s5", "s6", "s7"), roster, "the three longest gone left, the three last stayed");
        var connected = room.getState().member("s7").orElseThrow();
        assertTrue(connected.connected());
    }

    @Test
    void a_teacher_who_left_stays_on_the_roster() throws InterruptedException {
        TestProbe<ToSession> colleague = KIT.createTestProbe();
        join("t2", "Colleague", Role.ROLE_TEACHER, colleague);
        room.runCommand(new RoomCommand.Detach("t2", colleague.getRef()));
        for (int i = 1; i <= 5; i++) {
            TestProbe<ToSession> session = KIT.createTestProbe();
            join("s" + i, "Student " + i, Role.ROLE_STUDENT, session);
            room.runCommand(new RoomCommand.Detach("s" + i, session.getRef()));
            Thread.sleep(5);
        }
        join("s6", "Newcomer", Role.ROLE_STUDENT, student);
        assertTrue(room.getState().member("t2").isPresent(), "teachers are few and never fill the roster");
        assertEquals(List.of("t2", "s3", "s4", "s5", "s6"), room.getState().members().stream().map(Member::id).toList());
    }
}
