import { Settings } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { Body } from "./connection";
import type { RoomModel } from "./room";
import { icon } from "./ui/icon";

const HAND_SOUND = "ardoise.handSound";

/**
 * Settings, in one dialog: the devices for everyone; for teachers the class's locks and media switches
 * (SetLocks carries every lock, so each change sends them all as the room last said plus this one)
 * and whether a raised hand also makes a sound.
 */
export function classSettings(room: RoomModel, send: (body: Body) => void, devices: HTMLElement): { element: HTMLDialogElement; open(): void; refresh(): void; handSound(): boolean } {
  const box = (id: string) => h("input", { type: "checkbox", id });
  const lockChat = box("lock-chat");
  const mayDraw = box("students-may-draw");
  const mayMic = box("students-may-use-microphone");
  const mayCam = box("students-may-use-camera");
  const seeEachOther = box("students-see-each-other");
  const sound = box("hand-sound");
  sound.checked = localStorage.getItem(HAND_SOUND) === "on";
  sound.addEventListener("change", () => localStorage.setItem(HAND_SOUND, sound.checked ? "on" : "off"));
  const setLocks = () => send({ case: "setLocks", value: { locks: {
    chatLocked: lockChat.checked,
    studentsMayDraw: mayDraw.checked,
    studentsMayUseMicrophone: mayMic.checked,
    studentsMayUseCamera: mayCam.checked,
    studentsSeeEachOther: seeEachOther.checked,
  } } } as Body);
  for (const input of [lockChat, mayDraw, mayMic, mayCam, seeEachOther]) input.addEventListener("change", setLocks);
  const check = (input: HTMLInputElement, label: string) => h("label", { class: "check" }, input, label);
  const classPart = h("fieldset", null, h("legend", null, t("classRules")),
    check(mayDraw, t("studentsMayDraw")), check(mayMic, t("studentsMayUseMicrophone")), check(mayCam, t("studentsMayUseCamera")),
    check(seeEachOther, t("studentsSeeEachOther")), check(lockChat, t("lockChat")));
  const notices = h("fieldset", null, h("legend", null, t("notifications")), check(sound, t("handSound")));
  const done = h("button", { type: "button", id: "close-settings" }, t("close"));
  const element = h("dialog", { id: "settings-dialog", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, icon(Settings), t("settings")),
    classPart, notices, devices,
    h("div", { class: "actions" }, done));
  done.addEventListener("click", () => element.close());

  function refresh(): void {
    lockChat.checked = room.locks.chatLocked;
    mayDraw.checked = room.locks.studentsMayDraw;
    mayMic.checked = room.locks.studentsMayUseMicrophone;
    mayCam.checked = room.locks.studentsMayUseCamera;
    seeEachOther.checked = room.locks.studentsSeeEachOther;
    classPart.hidden = !room.isTeacher;
    notices.hidden = !room.isTeacher;
  }

  return { element, open: () => element.showModal(), refresh, handSound: () => sound.checked && room.isTeacher };
}
