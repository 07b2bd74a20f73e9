import { h } from "../dom";
import { t } from "../i18n";
import type { Body } from "../connection";
import { MediaKind } from "../gen/ardoise/v1/media_pb";
import { Role, type Participant } from "../gen/ardoise/v1/room_pb";
import type { RoomModel } from "../room";
import type { Publications } from "./publications";
import type { MediaSession } from "./session";

export interface MediaPeople {
  publications: Publications;
  session: MediaSession;
  speaking: Set<string>;
}

type DeviceState = "on" | "off" | "muted";

/** Microphone or camera of `p` as the list shows it: sending, not sending, or muted (by a teacher or themself). */
function state(p: Participant, kind: MediaKind.MICROPHONE | MediaKind.CAMERA, room: RoomModel, m: MediaPeople): DeviceState {
  const mark = kind === MediaKind.MICROPHONE ? p.microphoneMuted : p.cameraMuted;
  const publication = m.publications.of(p.id, kind);
  const sending = p.id === room.me ? m.session.local.has(kind === MediaKind.MICROPHONE ? "microphone" : "camera") : publication !== undefined;
  if (mark || publication?.muted) return "muted";
  return sending ? "on" : "off";
}

/** The icons after a name: microphone, camera, screen share, and who is speaking. */
export function mediaBadges(p: Participant, room: RoomModel, m: MediaPeople): HTMLElement[] {
  // Short words rather than emoji: not every machine has a font with a microphone in it.
  const badge = (text: string, label: string, cls: string) => h("span", { class: `badge ${cls}`, role: "img", "aria-label": label, title: label }, text);
  const mic = state(p, MediaKind.MICROPHONE, room, m);
  const cam = state(p, MediaKind.CAMERA, room, m);
  const out = [
    badge(t("badge.mic"), t(`mic.${mic}`), `mic ${mic}`),
    badge(t("badge.cam"), t(`cam.${cam}`), `cam ${cam}`),
  ];
  if (m.publications.of(p.id, MediaKind.SCREEN)) out.push(badge(t("badge.screen"), t("sharingScreen"), "screen on"));
  const speaking = badge(t("speaking"), t("speaking"), "talking");
  speaking.hidden = !m.speaking.has(p.id);
  out.push(speaking);
  return out;
}

/** A teacher's mute and unmute buttons for a student. */
export function muteActions(p: Participant, room: RoomModel, send: (body: Body) => void): HTMLElement[] {
  if (!room.isTeacher || p.role === Role.TEACHER) return [];
  const button = (kind: MediaKind, muted: boolean, label: string, text: string) =>
    h("button", {
      type: "button", class: "icon", "aria-label": label, title: label, "aria-pressed": String(muted), "data-mute": kind === MediaKind.MICROPHONE ? "microphone" : "camera",
      onclick: () => send({ case: "mediaMute", value: { participantId: p.id, kind, muted: !muted } } as Body),
    }, text);
  return [
    button(MediaKind.MICROPHONE, p.microphoneMuted, t("muteMicOf", p.name), t("badge.mic")),
    button(MediaKind.CAMERA, p.cameraMuted, t("muteCamOf", p.name), t("badge.cam")),
  ];
}

/** Shows or hides the speaking badges in place: they change often, and a redraw would move the focus. */
export function markSpeaking(list: HTMLElement, speaking: Set<string>): void {
  for (const li of list.querySelectorAll<HTMLElement>("li[data-participant]")) {
    const badge = li.querySelector<HTMLElement>(".talking");
    if (badge) badge.hidden = !speaking.has(li.dataset.participant ?? "");
  }
}
