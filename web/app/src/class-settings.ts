import { ClipboardList, DoorClosed, History, RefreshCw, Settings, Trash2 } from "lucide";
import { attendanceDialog } from "./attendance";
import { h } from "./dom";
import { problemText, t } from "./i18n";
import type { Body } from "./connection";
import { EntryPolicy, Role } from "./gen/ardoise/v1/room_pb";
import type { NewLink } from "./gen/ardoise/v1/wire_pb";
import type { RoomModel } from "./room";
import { confirmAction } from "./ui/confirm";
import { copyLink } from "./ui/copy-link";
import { icon } from "./ui/icon";

const ROLE_NAME = { [Role.STUDENT]: "student", [Role.TEACHER]: "teacher" } as const;

const HAND_SOUND = "ardoise.handSound";

const POLICY_NAME = { [EntryPolicy.OPEN]: "open", [EntryPolicy.ADMIT]: "admit", [EntryPolicy.CLOSED]: "closed" } as const;

/**
 * Settings, in one dialog: the devices for everyone; for teachers who may come in (SetEntryPolicy), the
 * class's locks and media switches (SetLocks carries every lock and, as `before`, the locks as the room last said: the room
 * applies only what this click changed, so a colleague's switch at the same moment stays),
 * how many students it seats (SetMaxParticipants; the room says the bound when it refuses more)
 * and whether a raised hand also makes a sound; the class's attendance (attendance.ts); renewing a leaked link, ending the class for everyone, and
 * deleting all its data now (DELETE /api/v1/rooms/{id} with the teacher's link), each after a confirm step since
 * none can be taken back.
 */
export function classSettings(room: RoomModel, roomId: string, send: (body: Body) => void, devices: HTMLElement, token: () => string): {
  element: HTMLDialogElement; open(): void; refresh(): void; handSound(): boolean; showNewLink(link: NewLink): void;
} {
  const box = (id: string) => h("input", { type: "checkbox", id });
  const lockChat = box("lock-chat");
  const mayDraw = box("students-may-draw");
  const mayMic = box("students-may-use-microphone");
  const mayCam = box("students-may-use-camera");
  const seeEachOther = box("students-see-each-other");
  const mayDownload = box("students-may-download");
  const mayReplay = box("students-may-replay");
  const sound = box("hand-sound");
  sound.checked = localStorage.getItem(HAND_SOUND) === "on";
  sound.addEventListener("change", () => localStorage.setItem(HAND_SOUND, sound.checked ? "on" : "off"));
  const setLocks = () => send({ case: "setLocks", value: { locks: {
    chatLocked: lockChat.checked,
    studentsMayDraw: mayDraw.checked,
    studentsMayUseMicrophone: mayMic.checked,
    studentsMayUseCamera: mayCam.checked,
    studentsSeeEachOther: seeEachOther.checked,
    studentsMayDownload: mayDownload.checked,
    studentsMayReplay: mayReplay.checked,
  }, before: room.locks } } as Body);
  for (const input of [lockChat, mayDraw, mayMic, mayCam, seeEachOther, mayDownload, mayReplay]) input.addEventListener("change", setLocks);
  const check = (input: HTMLInputElement, label: string) => h("label", { class: "check" }, input, label);
  const policies = ([EntryPolicy.OPEN, EntryPolicy.ADMIT, EntryPolicy.CLOSED] as const).map((policy) => {
    const radio = h("input", { type: "radio", name: "entry-policy", id: `entry-${POLICY_NAME[policy]}`, value: POLICY_NAME[policy] });
    radio.addEventListener("change", () => send({ case: "setEntryPolicy", value: { policy } } as Body));
    return { policy, radio };
  });
  const entry = h("fieldset", { class: "entry-policy" }, h("legend", null, t("entryPolicy")),
    ...policies.map(({ policy, radio }) => check(radio, t(`entry.${POLICY_NAME[policy]}`))));
  const seats = h("input", { type: "number", id: "max-participants", min: "1", step: "1", inputmode: "numeric",
    "aria-label": t("maxParticipants"), "aria-describedby": "max-participants-hint" });
  const applySeats = h("button", { type: "button", class: "secondary", id: "apply-max-participants" }, t("saveMaxParticipants"));
  applySeats.addEventListener("click", () => {
    const asked = Number(seats.value);
    if (Number.isInteger(asked) && asked >= 1) send({ case: "setMaxParticipants", value: { maxParticipants: asked } } as Body);
  });
  const capacity = h("fieldset", { class: "capacity" }, h("legend", null, t("maxParticipants")),
    h("div", { class: "buttons" }, seats, applySeats), h("p", { class: "hint", id: "max-participants-hint" }, t("maxParticipantsHint")));
  const classPart = h("fieldset", null, h("legend", null, t("classRules")),
    check(mayDraw, t("studentsMayDraw")), check(mayMic, t("studentsMayUseMicrophone")), check(mayCam, t("studentsMayUseCamera")),
    check(seeEachOther, t("studentsSeeEachOther")), check(mayDownload, t("studentsMayDownload")), check(mayReplay, t("studentsMayReplay")),
    check(lockChat, t("lockChat")));
  // In a new tab: the class goes on in this one, and a teacher may replay it while it runs.
  const replay = h("a", { class: "button-link secondary", id: "open-replay", target: "_blank", rel: "noopener" }, icon(History), t("openReplay"));
  const notices = h("fieldset", null, h("legend", null, t("notifications")), check(sound, t("handSound")));
  const renewed = h("div", { class: "new-links", "aria-live": "polite" });
  const renewButton = (role: Role.STUDENT | Role.TEACHER) => {
    const name = ROLE_NAME[role];
    const button = h("button", { type: "button", class: "secondary", id: `renew-${name}` }, icon(RefreshCw), t(`renew.${name}`));
    button.addEventListener("click", async () => {
      if (await confirmAction(t(`renewTitle.${name}`), t("renewText"), t("renewYes"))) send({ case: "renewLink", value: { role } } as Body);
    });
    return button;
  };
  const links = h("fieldset", { class: "class-links" }, h("legend", null, t("classLinks")),
    h("div", { class: "buttons" }, renewButton(Role.STUDENT), renewButton(Role.TEACHER)), renewed);
  const end = h("button", { type: "button", class: "danger", id: "end-class" }, icon(DoorClosed), t("endClass"));
  end.addEventListener("click", async () => {
    if (await confirmAction(t("endClassTitle"), t("endClassText"), t("endClassYes"))) send({ case: "endClass", value: {} } as Body);
  });
  const erase = h("button", { type: "button", class: "danger", id: "delete-class-data" }, icon(Trash2), t("deleteClassData"));
  const eraseError = h("p", { class: "error", role: "alert", id: "delete-class-data-error" });
  erase.addEventListener("click", async () => {
    if (!(await confirmAction(t("deleteDataTitle"), t("deleteText"), t("deleteYes")))) return;
    eraseError.textContent = "";
    // Once erased, the room closes every WebSocket, this one included: the page then shows the ended screen.
    const response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}`, { method: "DELETE", headers: { Authorization: `Bearer ${token()}` } })
      .catch(() => null);
    if (response?.ok) return;
    const problem = (await response?.json().catch(() => ({}))) as { error?: string } | undefined;
    eraseError.textContent = t("deleteDataFailed", response ? problemText(problem?.error, response.status) : t("offline"));
  });
  const ending = h("div", { class: "end-class" }, end, erase, eraseError);
  const attendance = attendanceDialog(roomId, token);
  const attendanceButton = h("button", { type: "button", class: "secondary", id: "open-attendance" }, icon(ClipboardList), t("attendance.open"));
  attendanceButton.addEventListener("click", () => attendance.open());
  const report = h("fieldset", { class: "attendance-open" }, h("legend", null, t("attendance.title")),
    h("div", { class: "buttons" }, attendanceButton), attendance.element);
  const done = h("button", { type: "button", id: "close-settings" }, t("close"));
  const element = h("dialog", { id: "settings-dialog", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, icon(Settings), t("settings")),
    entry, capacity, classPart, h("p", { class: "replay-link" }, replay), notices, links, report, devices, ending,
    h("div", { class: "actions" }, done));
  done.addEventListener("click", () => element.close());

  function refresh(): void {
    lockChat.checked = room.locks.chatLocked;
    mayDraw.checked = room.locks.studentsMayDraw;
    mayMic.checked = room.locks.studentsMayUseMicrophone;
    mayCam.checked = room.locks.studentsMayUseCamera;
    seeEachOther.checked = room.locks.studentsSeeEachOther;
    mayDownload.checked = room.locks.studentsMayDownload;
    mayReplay.checked = room.locks.studentsMayReplay;
    replay.href = `/c/${encodeURIComponent(roomId)}/replay#${token()}`;
    replay.hidden = !room.isTeacher;
    for (const { policy, radio } of policies) radio.checked = policy === room.entryPolicy;
    // A breakout group lets in, seats, links and ends with its class: the room refuses those there, so a visiting
    // teacher is not offered them.
    const classOnly = room.isTeacher && room.breakoutGroupId === "";
    entry.hidden = !classOnly;
    capacity.hidden = !classOnly;
    if (document.activeElement !== seats) seats.value = String(room.maxParticipants);
    classPart.hidden = !room.isTeacher;
    notices.hidden = !room.isTeacher;
    links.hidden = !classOnly;
    report.hidden = !classOnly;
    ending.hidden = !classOnly;
  }

  /** The room's answer to our RenewLink: the link that works from now on, to copy and send. */
  function showNewLink(link: NewLink): void {
    const name = ROLE_NAME[link.role as Role.STUDENT | Role.TEACHER] ?? "student";
    const url = `${location.origin}/c/${encodeURIComponent(roomId)}#${link.token}`;
    renewed.querySelector(`[data-role="${name}"]`)?.remove();
    const shown = copyLink(`new-${name}-link`, t(`newLink.${name}`), url);
    shown.dataset.role = name;
    renewed.appendChild(shown);
    if (!element.open) element.showModal();
  }

  return { element, open: () => element.showModal(), refresh, handSound: () => sound.checked && room.isTeacher, showNewLink };
}
