import { AudioLines, Mic, MicOff, MonitorUp, Video, VideoOff, type IconNode } from "lucide";
import { h } from "../dom";
import { icon } from "../ui/icon";
import type { MenuItem } from "../ui/menu";
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

const BADGE_ICONS = {
  mic: { on: Mic, off: MicOff, muted: MicOff },
  cam: { on: Video, off: VideoOff, muted: VideoOff },
} as const;

/** The icons after a name: microphone, camera, screen share, and who is speaking. */
export function mediaBadges(p: Participant, room: RoomModel, m: MediaPeople): HTMLElement[] {
  const badge = (node: IconNode, label: string, cls: string) => h("span", { class: `badge ${cls}`, role: "img", "aria-label": label, title: label }, icon(node));
  const mic = state(p, MediaKind.MICROPHONE, room, m);
  const cam = state(p, MediaKind.CAMERA, room, m);
  const out = [
    badge(BADGE_ICONS.mic[mic], t(`mic.${mic}`), `mic ${mic}`),
    badge(BADGE_ICONS.cam[cam], t(`cam.${cam}`), `cam ${cam}`),
  ];
  if (m.publications.of(p.id, MediaKind.SCREEN)) out.push(badge(MonitorUp, t("sharingScreen"), "screen on"));
  const speaking = badge(AudioLines, t("speaking"), "talking");
  speaking.hidden = !m.speaking.has(p.id);
  out.push(speaking);
  return out;
}

/** A teacher's mute and unmute actions on a student, for the menu of the student's row. */
export function muteActions(p: Participant, room: RoomModel, send: (body: Body) => void): MenuItem[] {
  if (!room.isTeacher || p.role === Role.TEACHER) return [];
  const item = (kind: MediaKind, muted: boolean, name: "microphone" | "camera", node: IconNode): MenuItem => ({
    label: t(muted ? (`unmuteOf.${name}` as const) : (`muteOf.${name}` as const), p.name),
    icon: icon(node),
    action: `${muted ? "unmute" : "mute"}-${name}`,
    run: () => send({ case: "mediaMute", value: { participantId: p.id, kind, muted: !muted } } as Body),
  });
  return [
    item(MediaKind.MICROPHONE, p.microphoneMuted, "microphone", p.microphoneMuted ? Mic : MicOff),
    item(MediaKind.CAMERA, p.cameraMuted, "camera", p.cameraMuted ? Video : VideoOff),
  ];
}

/** Shows or hides the speaking badges in place: they change often, and a redraw would move the focus. */
export function markSpeaking(list: HTMLElement, speaking: Set<string>): void {
  for (const li of list.querySelectorAll<HTMLElement>("li[data-participant]")) {
    const badge = li.querySelector<HTMLElement>(".talking");
    if (badge) badge.hidden = !speaking.has(li.dataset.participant ?? "");
  }
}
