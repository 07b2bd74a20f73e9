package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.AttendanceClosed;
import app.ardoise.cluster.contract.AttendanceReport;
import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.cluster.contract.RoomInfo;
import app.ardoise.protocol.v1.AttendanceRecord;
import app.ardoise.protocol.v1.AttendanceSession;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;

/**
 * The SFU's talk and camera time in the room: added to the open session as an event that reaches no one, kept across
 * a restart, refused for someone the session does not know; the session it closes goes out on the event stream once.
 */
class RoomAttendanceTest extends RoomTestBase {

    @Test
    void the_sfus_measures_add_up_in_the_open_session_and_leave_with_it() {
        // Subscribed first: a subscription takes effect some time after it is asked for.
        TestProbe<AttendanceClosed> closed = KIT.createTestProbe();
        KIT.system().eventStream().tell(new EventStream.Subscribe<>(AttendanceClosed.class, closed.getRef()));
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Zoé", Role.ROLE_STUDENT, student);
        drain(teacher, student);

        RoomEvent added = room.runCommand(new RoomCommand.MediaTime("s1", 4_000, 10_000)).eventOfType(RoomEvent.class);
        assertEquals(4_000, added.getMediaTimeAdded().getTalkMs());
        room.runCommand(new RoomCommand.MediaTime("s1", 1_500, 5_000));
        assertTrue(room.runCommand(new RoomCommand.MediaTime("nobody", 1_000, 0)).hasNoEvents(), "not in the session");
        assertTrue(room.runCommand(new RoomCommand.MediaTime("s1", 0, 0)).hasNoEvents(), "nothing measured");
        teacher.expectNoMessage(Duration.ofMillis(200));
        student.expectNoMessage(Duration.ofMillis(1));

        room.restart();
        AttendanceRecord zoe = records(current()).get("Zoé");
        assertEquals(5_500, zoe.getTalkMs());
        assertEquals(15_000, zoe.getCameraMs());

        // The API's end: after the restart, no session is attached to end it from inside.
        room.runCommand(new RoomCommand.End(KIT.<RoomInfo>createTestProbe().getRef()));
        AttendanceClosed session = closed.receiveMessage();
        assertEquals("room-1", session.roomId());
        assertTrue(session.session().getEndedAtMs() > 0);
        assertEquals(5_500, records(session.session()).get("Zoé").getTalkMs());
        assertEquals(0, records(session.session()).get("Zoé").getConnectedSinceMs(), "every connection stopped at the end");
        assertFalse(report().open().isPresent(), "no session open after the end");

        room.restart();
        closed.expectNoMessage(Duration.ofMillis(300));
    }

    private AttendanceSession current() {
        return report().open().orElseThrow();
    }

    private AttendanceReport report() {
        TestProbe<AttendanceReport> reply = KIT.createTestProbe();
        room.runCommand(new RoomCommand.GetAttendance(reply.getRef()));
        return reply.receiveMessage();
    }

    private static Map<String, AttendanceRecord> records(AttendanceSession session) {
        return session.getParticipantsList().stream().collect(Collectors.toMap(AttendanceRecord::getName, Function.identity()));
    }
}
