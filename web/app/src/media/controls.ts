import { Mic, MicOff, MonitorUp, Video, VideoOff, type IconNode } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import type { Body } from "../connection";
import { MediaKind } from "../gen/ardoise/v1/media_pb";
import type { RoomModel } from "../room";
import { canCapture, chosenDevice, listDevices, type Device } from "./devices";
import { LOCAL_KINDS, mayPublish, type LocalKind } from "./rights";
import type { MediaSession } from "./session";
import { SHORTCUTS } from "../shortcuts";
import { control, setControl } from "../ui/control";

const ICONS: Record<LocalKind, { on: IconNode; off: IconNode }> = {
  microphone: { on: Mic, off: MicOff },
  camera: { on: Video, off: VideoOff },
  screen: { on: MonitorUp, off: MonitorUp },
};

export interface MediaControls {
  /** The toggles for the control bar, by kind. */
  buttons: Map<LocalKind, HTMLButtonElement>;
  /** Notes above the control bar: not allowed, muted by a teacher (with "unmute"), media unavailable. */
  notes: HTMLElement;
  /** The device pickers, for the settings dialog. */
  devices: HTMLElement;
  refresh(): void;
}

/**
 * This participant's own media: a toggle per device for the control bar (the screen for teachers
 * only), the device pickers for the settings, a note when a teacher muted us (with "unmute" while the class allows it), and where media
 * stands when it is not simply working.
 */
export function mediaControls(session: MediaSession, room: RoomModel, send: (body: Body) => void): MediaControls {
  const buttons = new Map<LocalKind, HTMLButtonElement>();
  for (const kind of LOCAL_KINDS) {
    const button = control(`media-${kind}`, ICONS[kind].off, t(`device.${kind}`), SHORTCUTS[kind]);
    button.classList.add("media-toggle");
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => (session.local.has(kind) ? session.turnOff(kind) : void session.turnOn(kind)));
    buttons.set(kind, button);
  }
  const status = h("p", { class: "media-status", role: "status" });
  const mutedNote = h("p", { class: "muted-note", id: "media-muted" });
  const unmute = new Map<"microphone" | "camera", HTMLButtonElement>();
  for (const kind of ["microphone", "camera"] as const) {
    const button = h("button", { type: "button", id: `media-unmute-${kind}` }, t(`unmute.${kind}`));
    button.addEventListener("click", () =>
      send({ case: "mediaMute", value: { participantId: room.me, kind: kind === "microphone" ? MediaKind.MICROPHONE : MediaKind.CAMERA, muted: false } } as Body));
    unmute.set(kind, button);
  }
  mutedNote.append(...unmute.values());
  const pickers = { microphone: h("select", { id: "microphone-device" }), camera: h("select", { id: "camera-device" }) };
  for (const kind of ["microphone", "camera"] as const) {
    pickers[kind].addEventListener("change", () => void session.switchDevice(kind, pickers[kind].value));
  }
  const devices = h("fieldset", { class: "devices" }, h("legend", null, t("devices")),
    h("label", { for: "microphone-device" }, t("device.microphone")), pickers.microphone,
    h("label", { for: "camera-device" }, t("device.camera")), pickers.camera);
  const notes = h("div", { class: "control-notes" }, status, mutedNote);
  navigator.mediaDevices?.addEventListener?.("devicechange", () => void fillPickers());
  let listedFor: string | undefined;
  const mutedText = h("span");
  mutedNote.prepend(mutedText);

  async function fillPickers(): Promise<void> {
    const found = await listDevices();
    const fill = (select: HTMLSelectElement, list: Device[], kind: "microphone" | "camera") => {
      const live = session.local.get(kind)?.getSettings().deviceId ?? chosenDevice(kind);
      select.replaceChildren(...list.map((d) => h("option", { value: d.id }, d.label)));
      if (list.some((d) => d.id === live)) select.value = live;
    };
    fill(pickers.microphone, found.microphone, "microphone");
    fill(pickers.camera, found.camera, "camera");
    devices.hidden = found.microphone.length + found.camera.length === 0;
  }

  function refresh(): void {
    const phase = session.phase;
    const usable = phase === "joined" || phase === "joining" || phase === "unavailable";
    const me = room.participants.get(room.me);
    const refusedKinds: string[] = [];
    for (const [kind, button] of buttons) {
      const allowed = mayPublish(room.isTeacher, room.locks, kind);
      const on = session.local.has(kind);
      // A phone cannot share its screen, and a server without media has nothing to toggle: not offered rather than always disabled.
      button.hidden = phase === "closed" || (kind === "screen" && (!room.isTeacher || !canCapture(kind)));
      setControl(button, on ? ICONS[kind].on : ICONS[kind].off, t(`device.${kind}`), SHORTCUTS[kind]);
      button.setAttribute("aria-pressed", String(on));
      button.setAttribute("aria-busy", String(session.isCapturing(kind)));
      button.disabled = !usable || !canCapture(kind) || (!allowed && !on);
      if (!allowed && kind !== "screen") refusedKinds.push(t(`device.${kind}`).toLowerCase());
    }
    // Said in the disabled controls' tooltips, not as a note that would sit over the board all class long.
    const why = refusedKinds.length > 0 && usable ? t("notAllowed", refusedKinds.join(", ")) : "";
    for (const [kind, button] of buttons) if (button.disabled && why) button.title = `${t(`device.${kind}`)} — ${why}`;
    const muted = { microphone: me?.microphoneMuted ?? false, camera: me?.cameraMuted ?? false };
    session.setMuted("microphone", muted.microphone);
    session.setMuted("camera", muted.camera);
    const mutedKinds = (["microphone", "camera"] as const).filter((k) => muted[k]);
    mutedText.textContent = mutedKinds.length ? t("mutedByTeacher", mutedKinds.map((k) => t(`device.${k}`).toLowerCase()).join(", ")) : "";
    mutedNote.hidden = mutedKinds.length === 0;
    for (const [kind, button] of unmute) button.hidden = !muted[kind] || !mayPublish(room.isTeacher, room.locks, kind);
    status.dataset.phase = phase;
    status.textContent = phase === "unavailable" ? t("mediaUnavailable") : "";
    status.hidden = status.textContent === "";
    // Labels appear once a device was allowed, and the live device may have changed: list them again then.
    const key = [...session.local].map(([kind, track]) => `${kind}:${track.id}`).join(",");
    if (key !== listedFor) {
      listedFor = key;
      void fillPickers();
    }
  }

  return { buttons, notes, devices, refresh };
}
