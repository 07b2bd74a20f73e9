import { h } from "../dom";
import { t } from "../i18n";
import type { Body } from "../connection";
import { MediaKind } from "../gen/ardoise/v1/media_pb";
import type { RoomModel } from "../room";
import { canCapture, chosenDevice, listDevices, type Device } from "./devices";
import { LOCAL_KINDS, mayPublish, type LocalKind } from "./rights";
import type { MediaSession } from "./session";

/**
 * This participant's own media: a toggle per device (the screen for teachers only), the device
 * pickers, a note when a teacher muted us (with "unmute" while the class allows it), and where media
 * stands when it is not simply working.
 */
export function mediaControls(session: MediaSession, room: RoomModel, send: (body: Body) => void): { element: HTMLElement; refresh(): void } {
  const buttons = new Map<LocalKind, HTMLButtonElement>();
  for (const kind of LOCAL_KINDS) {
    const button = h("button", { type: "button", id: `media-${kind}`, class: "media-toggle", "aria-pressed": "false" }, h("span", { class: "led", "aria-hidden": "true" }), t(`device.${kind}`));
    button.addEventListener("click", () => (session.local.has(kind) ? session.turnOff(kind) : void session.turnOn(kind)));
    buttons.set(kind, button);
  }
  const status = h("p", { class: "media-status", role: "status" });
  const hint = h("p", { class: "hint", id: "media-hint" });
  const mutedNote = h("p", { class: "hint muted-note", id: "media-muted" });
  const unmute = new Map<"microphone" | "camera", HTMLButtonElement>();
  for (const kind of ["microphone", "camera"] as const) {
    const button = h("button", { type: "button", id: `media-unmute-${kind}` }, t(`unmute.${kind}`));
    button.addEventListener("click", () =>
      send({ case: "mediaMute", value: { participantId: room.me, kind: kind === "microphone" ? MediaKind.MICROPHONE : MediaKind.CAMERA, muted: false } } as Body));
    unmute.set(kind, button);
  }
  const pickers = { microphone: h("select", { id: "microphone-device" }), camera: h("select", { id: "camera-device" }) };
  const pickerLabels = {
    microphone: h("label", { for: "microphone-device" }, t("device.microphone")),
    camera: h("label", { for: "camera-device" }, t("device.camera")),
  };
  for (const kind of ["microphone", "camera"] as const) {
    pickers[kind].addEventListener("change", () => void session.switchDevice(kind, pickers[kind].value));
  }
  const devices = h("details", { class: "devices" }, h("summary", null, t("devices")), pickerLabels.microphone, pickers.microphone, pickerLabels.camera, pickers.camera);
  const element = h(
    "section",
    { class: "media-bar", "aria-label": t("media") },
    h("div", { class: "media-buttons", role: "group", "aria-label": t("media") }, ...buttons.values(), devices),
    status,
    hint,
    mutedNote,
    ...unmute.values(),
  );
  navigator.mediaDevices?.addEventListener?.("devicechange", () => void fillPickers());
  let listedFor: string | undefined;

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
      button.hidden = kind === "screen" && !room.isTeacher;
      button.setAttribute("aria-pressed", String(session.local.has(kind)));
      button.setAttribute("aria-busy", String(session.isCapturing(kind)));
      button.disabled = !usable || !canCapture(kind) || (!allowed && !session.local.has(kind));
      if (!allowed && kind !== "screen") refusedKinds.push(t(`device.${kind}`).toLowerCase());
    }
    hint.textContent = refusedKinds.length > 0 && usable ? t("notAllowed", refusedKinds.join(", ")) : "";
    hint.hidden = hint.textContent === "";
    const muted = { microphone: me?.microphoneMuted ?? false, camera: me?.cameraMuted ?? false };
    session.setMuted("microphone", muted.microphone);
    session.setMuted("camera", muted.camera);
    const mutedKinds = (["microphone", "camera"] as const).filter((k) => muted[k]);
    mutedNote.textContent = mutedKinds.length ? t("mutedByTeacher", mutedKinds.map((k) => t(`device.${k}`).toLowerCase()).join(", ")) : "";
    mutedNote.hidden = mutedKinds.length === 0;
    for (const [kind, button] of unmute) button.hidden = !muted[kind] || !mayPublish(room.isTeacher, room.locks, kind);
    status.dataset.phase = phase;
    status.textContent = phase === "unavailable" ? t("mediaUnavailable") : phase === "closed" ? t("mediaOff") : "";
    status.hidden = status.textContent === "";
    // Labels appear once a device was allowed, and the live device may have changed: list them again then.
    const key = [...session.local].map(([kind, track]) => `${kind}:${track.id}`).join(",");
    if (key !== listedFor) {
      listedFor = key;
      void fillPickers();
    }
  }

  return { element, refresh };
}
