import { create } from "@bufbuild/protobuf";
import { ClassTimerSchema, TimerAction, TimerMode, type ClassTimer, type TimerChanged } from "./gen/ardoise/v1/room_pb";

/** The room's TimerRules.fold, on this side: the timer after `changed`, which the room wrote at `timeMs`. */
export function foldTimer(timer: ClassTimer, changed: TimerChanged, timeMs: number): ClassTimer {
  switch (changed.action) {
    case TimerAction.START:
      return create(ClassTimerSchema, { mode: changed.mode, durationMs: changed.durationMs, sound: changed.sound, running: true, startedAtMs: BigInt(timeMs) });
    case TimerAction.PAUSE: {
      let elapsed = Number(timer.elapsedMs) + Math.max(0, timeMs - Number(timer.startedAtMs));
      if (timer.mode === TimerMode.COUNTDOWN) elapsed = Math.min(elapsed, Number(timer.durationMs));
      return { ...timer, running: false, elapsedMs: BigInt(elapsed), startedAtMs: 0n };
    }
    case TimerAction.RESUME:
      return { ...timer, running: true, startedAtMs: BigInt(timeMs) };
    default:
      return create(ClassTimerSchema);
  }
}

/** What the timer shows at `nowMs` (server clock): the time left of a countdown, or the time counted. */
export function shownMs(timer: ClassTimer, nowMs: number): number {
  const counted = Number(timer.elapsedMs) + (timer.running ? Math.max(0, nowMs - Number(timer.startedAtMs)) : 0);
  return timer.mode === TimerMode.COUNTDOWN ? Math.max(0, Number(timer.durationMs) - counted) : counted;
}
