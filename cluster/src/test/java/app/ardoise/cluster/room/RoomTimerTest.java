package app.ardoise.cluster.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.contract.RoomCommand;
import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClassTimer;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.ControlTimer;
import app.ardoise.protocol.v1.Role;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.TimerAction;
import app.ardoise.protocol.v1.TimerMode;
import app.ardoise.protocol.v1.Welcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The class timer: teachers alone start, pause, resume and reset it; everyone sees it; it runs on the times the
 * room stamped on its events, so a Welcome after a recovery shows the same timer as before.
 */
class RoomTimerTest extends RoomTestBase {
    private long clientSeq = 100;

    @BeforeEach
    void joinClass() {
        join("t1", "Teacher", Role.ROLE_TEACHER, teacher);
        join("s1", "Student", Role.ROLE_STUDENT, student);
        drain(teacher, student);
    }

    @Test
    void a_student_may_not_touch_the_timer() {
        for (TimerAction action : new TimerAction[] {TimerAction.TIMER_ACTION_START, TimerAction.TIMER_ACTION_PAUSE,
                TimerAction.TIMER_ACTION_RESUME, TimerAction.TIMER_ACTION_RESET}) {
            expectRefused("s1", student, control(action, TimerMode.TIMER_MODE_STOPWATCH, 0), ErrorCode.FORBIDDEN);
        }
        assertEquals(ClassTimer.getDefaultInstance(), room.getState().timer());
    }

    @Test
    void a_countdown_runs_on_the_rooms_clock_and_survives_recovery() throws InterruptedException {
        RoomEvent started = send(control(TimerAction.TIMER_ACTION_START, TimerMode.TIMER_MODE_COUNTDOWN, 60_000).setControlTimer(
                ControlTimer.newBuilder().setAction(TimerAction.TIMER_ACTION_START).setMode(TimerMode.TIMER_MODE_COUNTDOWN)
                        .setDurationMs(60_000).setSound(true)));
        ClassTimer running = room.getState().timer();
        assertTrue(running.getRunning() && running.getSound());
        assertEquals(started.getTimeMs(), running.getStartedAtMs(), "it runs from the event's time");
        assertEquals(60_000, running.getDurationMs());

        Thread.sleep(120);
        RoomEvent paused = send(control(TimerAction.TIMER_ACTION_PAUSE, TimerMode.TIMER_MODE_UNSPECIFIED, 0));
        ClassTimer stopped = room.getState().timer();
        assertFalse(stopped.getRunning());
        assertEquals(paused.getTimeMs() - started.getTimeMs(), stopped.getElapsedMs());
        assertTrue(stopped.getElapsedMs() >= 120, "elapsed " + stopped.getElapsedMs());
        assertTrue(submit("t1", teacher, 5, control(TimerAction.TIMER_ACTION_PAUSE, TimerMode.TIMER_MODE_UNSPECIFIED, 0))
                .hasNoEvents(), "pausing twice changes nothing");
        drain(teacher);

        RoomEvent resumed = send(control(TimerAction.TIMER_ACTION_RESUME, TimerMode.TIMER_MODE_UNSPECIFIED, 0));
        ClassTimer again = room.getState().timer();
        assertTrue(again.getRunning());
        assertEquals(resumed.getTimeMs(), again.getStartedAtMs());
        assertEquals(stopped.getElapsedMs(), again.getElapsedMs());

        room.restart();
        assertEquals(again, room.getState().timer(), "as folded from the journal");
        var late = KIT.<app.ardoise.cluster.contract.ToSession>createTestProbe();
        room.runCommand(new RoomCommand.Connect("s2", "Late", Role.ROLE_STUDENT, false, 0, 1, 0, late.getRef()));
        Welcome welcome = single(late).getWelcome();
        assertEquals(again, welcome.getRoom().getTimer());
        assertTrue(Math.abs(welcome.getRoom().getServerTimeMs() - System.currentTimeMillis()) < 5_000,
                "the Welcome carries the server's clock to run it against");

        room.runCommand(new RoomCommand.Connect("s1", "", Role.ROLE_UNSPECIFIED, true, room.getState().lastSeq(), 1, 0,
                student.getRef()));
        room.runCommand(new RoomCommand.Connect("t1", "", Role.ROLE_UNSPECIFIED, true, room.getState().lastSeq(), 1, 0,
                teacher.getRef()));
        drain(teacher, student, late);
        send(control(TimerAction.TIMER_ACTION_RESET, TimerMode.TIMER_MODE_UNSPECIFIED, 0));
        assertEquals(ClassTimer.getDefaultInstance(), room.getState().timer());
        assertTrue(submit("t1", teacher, 7, control(TimerAction.TIMER_ACTION_RESUME, TimerMode.TIMER_MODE_UNSPECIFIED, 0))
                .hasNoEvents(), "no timer to resume");
    }

    @Test
    void a_stopwatch_counts_up_and_bad_timers_are_refused() {
        send(control(TimerAction.TIMER_ACTION_START, TimerMode.TIMER_MODE_STOPWATCH, 5_000));
        assertEquals(TimerMode.TIMER_MODE_STOPWATCH, room.getState().timer().getMode());
        assertEquals(0, room.getState().timer().getDurationMs(), "a stopwatch has no end");
        expectRefused("t1", teacher, control(TimerAction.TIMER_ACTION_START, TimerMode.TIMER_MODE_COUNTDOWN, 500),
                ErrorCode.INVALID);
        expectRefused("t1", teacher, control(TimerAction.TIMER_ACTION_START, TimerMode.TIMER_MODE_COUNTDOWN,
                TimerRules.MAX_COUNTDOWN_MS + 1), ErrorCode.INVALID);
        expectRefused("t1", teacher, control(TimerAction.TIMER_ACTION_START, TimerMode.TIMER_MODE_UNSPECIFIED, 0),
                ErrorCode.INVALID);
        expectRefused("t1", teacher, control(TimerAction.TIMER_ACTION_UNSPECIFIED, TimerMode.TIMER_MODE_UNSPECIFIED, 0),
                ErrorCode.INVALID);
        // An action of a later version: refused as unknown by the rule itself, not by the class catching its exception.
        ControlTimer later = ControlTimer.newBuilder().setActionValue(77).build();
        assertEquals(new Decision.Reject(ErrorCode.INVALID, "unknown timer action 77"),
                TimerRules.control(room.getState(), room.getState().member("t1").orElseThrow(), later));
        expectRefused("t1", teacher, ClientFrame.newBuilder().setControlTimer(later.toBuilder()), ErrorCode.INVALID);
    }

    @Test
    void a_countdown_paused_after_its_end_shows_zero_left() {
        ClassTimer ended = TimerRules.fold(ClassTimer.newBuilder().setMode(TimerMode.TIMER_MODE_COUNTDOWN)
                        .setDurationMs(1_000).setRunning(true).setStartedAtMs(10_000).build(),
                app.ardoise.protocol.v1.TimerChanged.newBuilder().setAction(TimerAction.TIMER_ACTION_PAUSE).build(), 15_000);
        assertEquals(1_000, ended.getElapsedMs());
    }

    /** A teacher's timer action, written and sent to the student; returns the event. */
    private RoomEvent send(ClientFrame.Builder frame) {
        long seq = ++clientSeq;
        submit("t1", teacher, seq, frame);
        RoomEvent event = broadcast(student);
        assertTrue(event.hasTimerChanged());
        assertEquals(event, own(teacher, seq));
        return event;
    }

    private static ClientFrame.Builder control(TimerAction action, TimerMode mode, long durationMs) {
        return ClientFrame.newBuilder().setControlTimer(
                ControlTimer.newBuilder().setAction(action).setMode(mode).setDurationMs(durationMs));
    }
}
