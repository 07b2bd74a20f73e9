import { Pause, Play, RotateCcw, Timer } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { Body } from "./connection";
import { TimerAction, TimerMode } from "./gen/ardoise/v1/room_pb";
import type { RoomModel } from "./room";
import { shownMs } from "./timer-fold";
import { control } from "./ui/control";
import { icon } from "./ui/icon";
import { chime } from "./ui/toasts";

function clock(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, "0");
  const ss = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * The class timer: shown to everyone in the top bar while set, run on the server's clock (the room stamps each
 * change with its own time), so a reload or a reconnection shows the same time. Teachers set it in a dialog.
 */
export function classTimer(room: RoomModel, send: (body: Body) => void): {
  display: HTMLElement; control: HTMLButtonElement; dialog: HTMLDialogElement; refresh(): void;
} {
  const text = h("span", { class: "timer-text" });
  const display = h("span", { class: "class-timer", id: "class-timer", role: "timer", hidden: true }, icon(Timer), text);
  const button = control("open-timer", Timer, t("timer.control"));
  const mode = (value: TimerMode, key: "timer.countdown" | "timer.stopwatch", checked: boolean) =>
    h("input", { type: "radio", name: "timer-mode", value: String(value), id: `timer-${key.slice(6)}`, checked });
  const countdown = mode(TimerMode.COUNTDOWN, "timer.countdown", true);
  const stopwatch = mode(TimerMode.STOPWATCH, "timer.stopwatch", false);
  const minutes = h("input", { type: "number", id: "timer-minutes", min: "1", max: "1440", value: "5" });
  const sound = h("input", { type: "checkbox", id: "timer-sound", checked: true });
  const start = h("button", { type: "button", id: "timer-start" }, icon(Play), t("timer.start"));
  const pause = h("button", { type: "button", class: "secondary", id: "timer-pause" }, icon(Pause), t("timer.pause"));
  const resume = h("button", { type: "button", class: "secondary", id: "timer-resume" }, icon(Play), t("timer.resume"));
  const reset = h("button", { type: "button", class: "secondary", id: "timer-reset" }, icon(RotateCcw), t("timer.reset"));
  const done = h("button", { type: "button", id: "close-timer" }, t("close"));
  const minutesRow = h("div", null, h("label", { for: "timer-minutes" }, t("timer.minutes")), minutes);
  const dialog = h("dialog", { id: "timer-dialog", "aria-labelledby": "timer-title" },
    h("h2", { id: "timer-title" }, icon(Timer), t("timer.title")),
    h("fieldset", null, h("legend", { class: "visually-hidden" }, t("timer.title")),
      h("label", { class: "check" }, countdown, t("timer.countdown")), h("label", { class: "check" }, stopwatch, t("timer.stopwatch"))),
    minutesRow,
    h("label", { class: "check" }, sound, t("timer.sound")),
    h("div", { class: "buttons" }, start, pause, resume, reset),
    h("div", { class: "actions" }, done));
  const act = (action: TimerAction, extra: object = {}) => send({ case: "controlTimer", value: { action, ...extra } } as Body);
  for (const radio of [countdown, stopwatch]) radio.addEventListener("change", () => (minutesRow.hidden = stopwatch.checked));
  start.addEventListener("click", () => act(TimerAction.START, stopwatch.checked
    ? { mode: TimerMode.STOPWATCH, sound: false }
    : { mode: TimerMode.COUNTDOWN, durationMs: BigInt(Math.round(Math.max(1 / 60, Number(minutes.value) || 5) * 60_000)), sound: sound.checked }));
  pause.addEventListener("click", () => act(TimerAction.PAUSE));
  resume.addEventListener("click", () => act(TimerAction.RESUME));
  reset.addEventListener("click", () => act(TimerAction.RESET));
  done.addEventListener("click", () => dialog.close());
  button.addEventListener("click", () => dialog.showModal());

  // Only a countdown seen reaching zero here rings: not one that ended before this page came.
  let left: number | undefined;
  function tick(): void {
    const timer = room.timer;
    display.hidden = timer.mode === TimerMode.UNSPECIFIED;
    if (display.hidden) {
      left = undefined;
      return;
    }
    const ms = shownMs(timer, room.serverNow());
    const countdown = timer.mode === TimerMode.COUNTDOWN;
    const over = countdown && ms === 0;
    text.textContent = over ? `${clock(0)} · ${t("timer.over")}` : clock(ms);
    display.dataset.state = over ? "over" : timer.running ? "running" : "paused";
    display.setAttribute("aria-label", countdown ? t("timer.left", clock(ms)) : t("timer.counted", clock(ms)));
    if (countdown && timer.running && left !== undefined && left > 0 && over && timer.sound) chime();
    left = countdown && timer.running ? ms : undefined;
  }

  function refresh(): void {
    button.hidden = !room.isTeacher;
    const timer = room.timer;
    const set = timer.mode !== TimerMode.UNSPECIFIED;
    pause.disabled = !timer.running;
    resume.disabled = !set || timer.running;
    reset.disabled = !set;
    tick();
  }
  setInterval(tick, 250);
  return { display, control: button, dialog, refresh };
}
