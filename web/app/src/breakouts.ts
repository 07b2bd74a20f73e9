import { ClockPlus, DoorOpen, LayoutGrid, LogIn, Send, X } from "lucide";
import { h } from "./dom";
import { t, tCount } from "./i18n";
import type { Body } from "./connection";
import { BreakoutAssignment, Role, type BreakoutGroup } from "./gen/ardoise/v1/room_pb";
import type { RoomModel } from "./room";
import { control } from "./ui/control";
import { icon } from "./ui/icon";

function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

const NOWHERE = "";

/**
 * Breakout groups. In the class, teachers open them (random, by hand, or chosen by the students), then move
 * students, extend the time, write to every group, visit one and close them all; students pick their group when
 * they choose. By hand, students are dragged onto a group, or given one with the select beside their name (the
 * keyboard's way). In a group, a banner says which group and the time left, and "back to the class" once closed
 * (teachers, who only visit, may go back at any time).
 */
export function breakoutsView(room: RoomModel, send: (body: Body) => void, back: () => void): {
  control: HTMLButtonElement; dialog: HTMLDialogElement; banner: HTMLElement; refresh(): void;
} {
  const button = control("open-breakouts", LayoutGrid, t("breakout.control"));
  const content = h("div", { class: "breakout-content" });
  const done = h("button", { type: "button", id: "close-breakouts-dialog" }, t("close"));
  const dialog = h("dialog", { id: "breakout-dialog", "aria-labelledby": "breakout-title" },
    h("h2", { id: "breakout-title" }, icon(LayoutGrid), t("breakout.title")), content, h("div", { class: "actions" }, done));
  done.addEventListener("click", () => dialog.close());
  button.addEventListener("click", () => {
    render();
    dialog.showModal();
  });

  const bannerText = h("span", { class: "breakout-text", id: "breakout-banner-text" });
  const backButton = h("button", { type: "button", id: "breakout-back", class: "secondary" }, icon(DoorOpen), t("breakout.back"));
  backButton.addEventListener("click", back);
  const banner = h("div", { class: "breakout-banner", id: "breakout-banner", role: "status", hidden: true }, bannerText, backButton);

  // The teacher's groups by hand, kept while the dialog is redrawn: participant id -> group index, or NOWHERE.
  const handPicked = new Map<string, string>();
  const assignment = (value: BreakoutAssignment, key: "breakout.random" | "breakout.manual" | "breakout.self", checked: boolean) =>
    h("input", { type: "radio", name: "breakout-assignment", value: String(value), id: `breakout-${key.slice(9)}`, checked });
  const random = assignment(BreakoutAssignment.RANDOM, "breakout.random", true);
  const manual = assignment(BreakoutAssignment.MANUAL, "breakout.manual", false);
  const self = assignment(BreakoutAssignment.SELF_CHOSEN, "breakout.self", false);
  const count = h("input", { type: "number", id: "breakout-count", min: "1", max: "50", value: "2" });
  const minutes = h("input", { type: "number", id: "breakout-minutes", min: "1", max: "1440", value: "10" });
  const handGrid = h("div", { class: "breakout-groups", id: "breakout-hand" });
  const open = h("button", { type: "button", id: "breakout-open" }, icon(LayoutGrid), t("breakout.open"));
  const setupForm = h("div", { class: "breakout-setup" },
    h("fieldset", null, h("legend", null, t("breakout.how")),
      h("label", { class: "check" }, random, t("breakout.random")),
      h("label", { class: "check" }, manual, t("breakout.manual")),
      h("label", { class: "check" }, self, t("breakout.self"))),
    h("div", { class: "breakout-numbers" },
      h("div", null, h("label", { for: "breakout-count" }, t("breakout.count")), count),
      h("div", null, h("label", { for: "breakout-minutes" }, t("breakout.minutes")), minutes)),
    handGrid,
    h("div", { class: "buttons" }, open));
  for (const input of [random, manual, self, count]) input.addEventListener("change", render);
  open.addEventListener("click", () => {
    const groups = Math.min(50, Math.max(1, Math.round(Number(count.value) || 2)));
    const value = {
      assignment: manual.checked ? BreakoutAssignment.MANUAL : self.checked ? BreakoutAssignment.SELF_CHOSEN : BreakoutAssignment.RANDOM,
      count: groups,
      durationMs: BigInt(Math.round(Math.max(1 / 60, Number(minutes.value) || 10) * 60_000)),
      // Named in the page's language whatever the assignment (the room would say "Group 1"); members only by hand.
      groups: Array.from({ length: groups }, (_, i) => ({
        id: "", name: t("breakout.groupName", String(i + 1)),
        members: manual.checked ? students().filter((p) => handPicked.get(p.id) === String(i)).map((p) => p.id) : [],
      })),
    };
    send({ case: "openBreakouts", value } as Body);
  });

  // Its purpose shown in the empty field too: an unlabelled box beside "Send to all" says nothing to the eye.
  const message = h("input", { type: "text", id: "breakout-message", maxlength: "4000", "aria-label": t("breakout.message"), placeholder: t("breakout.message") });
  const students = () => [...room.participants.values()].filter((p) => p.role === Role.STUDENT && p.connected);
  const groupName = (id: string) => room.breakout.groups.find((g) => g.id === id)?.name ?? id;

  /** A student's chip: dragged onto a group, or moved with its select (same effect, for the keyboard). */
  function chip(id: string, name: string, current: string, choices: { value: string; label: string }[], onPick: (to: string) => void): HTMLElement {
    const select = h("select", { id: `breakout-move-${id}`, "aria-label": t("breakout.moveTo", name) },
      ...choices.map((choice) => h("option", { value: choice.value, selected: choice.value === current }, choice.label)));
    select.addEventListener("change", () => onPick(select.value));
    const element = h("li", { class: "breakout-chip", draggable: "true", "data-participant": id }, h("span", null, name), select);
    element.addEventListener("dragstart", (event) => event.dataTransfer?.setData("text/plain", id));
    return element;
  }

  function dropZone(target: string, onDrop: (id: string) => void, ...children: HTMLElement[]): HTMLElement {
    const zone = h("section", { class: "breakout-group", "data-group": target }, ...children);
    zone.addEventListener("dragover", (event) => event.preventDefault());
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      const id = event.dataTransfer?.getData("text/plain");
      if (id) onDrop(id);
    });
    return zone;
  }

  function renderHand(): void {
    handGrid.hidden = !manual.checked;
    if (!manual.checked) return;
    const groups = Math.min(50, Math.max(1, Math.round(Number(count.value) || 2)));
    const choices = [{ value: NOWHERE, label: t("breakout.nowhere") },
      ...Array.from({ length: groups }, (_, i) => ({ value: String(i), label: t("breakout.groupName", String(i + 1)) }))];
    const pick = (id: string) => (to: string) => {
      handPicked.set(id, to);
      renderHand();
    };
    const zones = choices.map((choice) => dropZone(choice.value, (id) => pick(id)(choice.value),
      h("h3", null, choice.label),
      h("ul", null, ...students().filter((p) => (handPicked.get(p.id) ?? NOWHERE) === choice.value)
        .map((p) => chip(p.id, p.name, choice.value, choices, pick(p.id))))));
    handGrid.replaceChildren(...zones);
  }

  function renderOpen(): HTMLElement {
    const plan = room.breakout;
    const choices = plan.groups.map((g) => ({ value: g.id, label: g.name }));
    const move = (id: string) => (to: string) => send({ case: "moveToBreakout", value: { participantId: id, groupId: to } } as Body);
    const groups = plan.groups.map((group: BreakoutGroup) => {
      const visit = h("button", { type: "button", class: "secondary breakout-visit", "data-group": group.id }, icon(LogIn), t("breakout.visit"));
      visit.addEventListener("click", () => send({ case: "visitBreakout", value: { groupId: group.id } } as Body));
      return dropZone(group.id, (id) => move(id)(group.id),
        h("h3", null, h("span", { class: "breakout-name" }, group.name), visit),
        h("ul", null, ...group.members.map((id) => chip(id, room.name(id), group.id, choices, move(id)))));
    });
    const extend = h("button", { type: "button", id: "breakout-extend", class: "secondary" }, icon(ClockPlus), t("breakout.extend"));
    extend.addEventListener("click", () => send({ case: "extendBreakouts", value: { extraMs: 300_000n } } as Body));
    const broadcast = h("button", { type: "button", id: "breakout-broadcast", class: "secondary" }, icon(Send), t("breakout.broadcast"));
    broadcast.addEventListener("click", () => {
      if (!message.value.trim()) return;
      send({ case: "broadcastToBreakouts", value: { text: message.value } } as Body);
      message.value = "";
    });
    const closeAll = h("button", { type: "button", id: "breakout-close" }, icon(X), t("breakout.closeAll"));
    closeAll.addEventListener("click", () => send({ case: "closeBreakouts", value: {} } as Body));
    return h("div", { class: "breakout-running" },
      h("p", { class: "breakout-left", id: "breakout-left" }),
      h("div", { class: "breakout-groups" }, ...groups),
      h("div", { class: "breakout-broadcast-row" }, message, broadcast),
      h("div", { class: "buttons" }, extend, closeAll));
  }

  function renderChoice(): HTMLElement {
    const mine = room.breakout.groups.find((g) => g.members.includes(room.me))?.id;
    return h("ul", { class: "breakout-choices" }, ...room.breakout.groups.map((group) => {
      const pick = h("button", { type: "button", id: `breakout-choose-${group.id}`, disabled: group.id === mine },
        icon(LogIn), t("breakout.join", group.name));
      pick.addEventListener("click", () => send({ case: "chooseBreakout", value: { groupId: group.id } } as Body));
      return h("li", null, pick, h("span", null, tCount("breakout.membersOne", "breakout.members", group.members.length)));
    }));
  }

  function render(): void {
    const plan = room.breakout;
    if (room.isTeacher) {
      if (plan.open) content.replaceChildren(renderOpen());
      else {
        // Left in place when it is there already: the number of groups changes as its field loses the focus, which is
        // the press on "Open the groups", and a form taken out and put back then loses that click (and the focus).
        if (content.firstElementChild !== setupForm || content.childElementCount !== 1) content.replaceChildren(setupForm);
        renderHand();
      }
    } else content.replaceChildren(renderChoice());
    tick();
  }

  function tick(): void {
    const plan = room.breakout;
    const left = clock(Number(plan.endsAtMs) - room.serverNow());
    const shown = dialog.querySelector("#breakout-left");
    if (shown) shown.textContent = t("breakout.left", left);
    if (room.breakoutGroupId) {
      bannerText.textContent = plan.open
        ? t("breakout.banner", groupName(room.breakoutGroupId), left)
        : t("breakout.closed", groupName(room.breakoutGroupId));
    }
  }

  function refresh(): void {
    const plan = room.breakout;
    const inGroup = room.breakoutGroupId !== "";
    button.hidden = inGroup || !(room.isTeacher || (plan.open && plan.assignment === BreakoutAssignment.SELF_CHOSEN));
    banner.hidden = !inGroup;
    backButton.hidden = !(room.isTeacher || !plan.open);
    if (!room.isTeacher && !(plan.open && plan.assignment === BreakoutAssignment.SELF_CHOSEN) && dialog.open) dialog.close();
    if (dialog.open) render();
    tick();
  }
  setInterval(tick, 500);
  return { control: button, dialog, banner, refresh };
}
