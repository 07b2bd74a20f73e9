import { CircleDot } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { Body } from "./connection";
import type { RoomModel } from "./room";
import { control, setControl } from "./ui/control";
import { icon } from "./ui/icon";

/**
 * Recording the teachers' voices: the indicator everyone sees in the top bar while it is on, and the teachers'
 * switch in the control bar (SetRecording; the room refuses it to students). Only teachers' microphones are
 * recorded, by the SFU; the indicator says so, since students are the ones who must know.
 */
export function recordingView(room: RoomModel, send: (body: Body) => void): {
  indicator: HTMLElement; control: HTMLButtonElement; refresh(): void;
} {
  const indicator = h("span", { class: "recording-indicator", id: "recording-indicator", role: "status", hidden: true },
    icon(CircleDot), h("span", { class: "recording-text" }, t("recording.on")));
  indicator.title = t("recording.onHint");
  const button = control("toggle-recording", CircleDot, t("recording.start"));
  button.addEventListener("click", () => send({ case: "setRecording", value: { on: !room.recording } } as Body));

  function refresh(): void {
    indicator.hidden = !room.recording;
    button.hidden = !room.isTeacher;
    setControl(button, CircleDot, room.recording ? t("recording.stop") : t("recording.start"));
    button.setAttribute("aria-pressed", String(room.recording));
    button.classList.toggle("recording", room.recording);
  }
  return { indicator, control: button, refresh };
}
