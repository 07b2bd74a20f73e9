package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClassTimer;
import app.ardoise.protocol.v1.ControlTimer;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.TimerChanged;
import app.ardoise.protocol.v1.TimerMode;
import java.time.Duration;

/**
 * The class timer: a countdown or a stopwatch that teachers start, pause, resume and reset. The event carries the
 * action, not a time: the room stamps it with its own clock, and {@link #fold} derives the timer from that, so a
 * client's clock never moves it and a class that changes node keeps counting.
 */
final class TimerRules {
    static final long MAX_COUNTDOWN_MS = Duration.ofHours(24).toMillis();

    private TimerRules() {}

    static Decision control(RoomState state, Member sender, ControlTimer control) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher controls the timer");
        }
        ClassTimer timer = state.timer();
        boolean shown = timer.getMode() != TimerMode.TIMER_MODE_UNSPECIFIED;
        // The action is copied once judged: a builder refuses an action this version does not know.
        TimerChanged.Builder changed = TimerChanged.newBuilder();
        switch (control.getAction()) {
            case TIMER_ACTION_START -> {
                TimerMode mode = control.getMode();
                if (mode != TimerMode.TIMER_MODE_COUNTDOWN && mode != TimerMode.TIMER_MODE_STOPWATCH) {
                    return new Decision.Reject(ErrorCode.INVALID, "a timer counts down or up");
                }
                long duration = mode == TimerMode.TIMER_MODE_COUNTDOWN ? control.getDurationMs() : 0;
                if (mode == TimerMode.TIMER_MODE_COUNTDOWN && (duration < 1_000 || duration > MAX_COUNTDOWN_MS)) {
                    return new Decision.Reject(ErrorCode.INVALID, "a countdown lasts from 1 second to 24 hours");
                }
                changed.setMode(mode).setDurationMs(duration).setSound(control.getSound());
            }
            case TIMER_ACTION_PAUSE -> {
                if (!timer.getRunning()) {
                    return new Decision.Unchanged();
                }
            }
            case TIMER_ACTION_RESUME -> {
                if (!shown || timer.getRunning()) {
                    return new Decision.Unchanged();
                }
            }
            case TIMER_ACTION_RESET -> {
                if (!shown) {
                    return new Decision.Unchanged();
                }
            }
            case TIMER_ACTION_UNSPECIFIED, UNRECOGNIZED -> {
                return new Decision.Reject(ErrorCode.INVALID, "unknown timer action " + control.getActionValue());
            }
        }
        return new Decision.Accept(RoomEvent.newBuilder().setTimerChanged(changed.setAction(control.getAction())));
    }

    /** The timer after {@code changed}, written at {@code timeMs} on the room's clock. */
    static ClassTimer fold(ClassTimer timer, TimerChanged changed, long timeMs) {
        return switch (changed.getAction()) {
            case TIMER_ACTION_START -> ClassTimer.newBuilder().setMode(changed.getMode())
                    .setDurationMs(changed.getDurationMs()).setSound(changed.getSound())
                    .setRunning(true).setStartedAtMs(timeMs).build();
            case TIMER_ACTION_PAUSE -> {
                long elapsed = timer.getElapsedMs() + Math.max(0, timeMs - timer.getStartedAtMs());
                if (timer.getMode() == TimerMode.TIMER_MODE_COUNTDOWN) {
                    elapsed = Math.min(elapsed, timer.getDurationMs());
                }
                yield timer.toBuilder().setRunning(false).setElapsedMs(elapsed).setStartedAtMs(0).build();
            }
            case TIMER_ACTION_RESUME -> timer.toBuilder().setRunning(true).setStartedAtMs(timeMs).build();
            case TIMER_ACTION_RESET, TIMER_ACTION_UNSPECIFIED, UNRECOGNIZED -> ClassTimer.getDefaultInstance();
        };
    }
}
