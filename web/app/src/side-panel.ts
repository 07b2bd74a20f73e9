import { X } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import { setCount } from "./ui/count";
import { icon } from "./ui/icon";

export type Tab = "participants" | "chat";

export interface SidePanel {
  element: HTMLElement;
  /** Opens on `tab`; the same tab again closes the panel (the control bar's toggles). */
  toggle(tab: Tab): void;
  showing(tab: Tab): boolean;
  setPeople(count: number): void;
  /** How many students wait to be let in: a badge beside the number present. */
  setWaiting(count: number): void;
  /** `count` new messages arrived: unread unless the Discussion tab is on screen. */
  noteMessages(count: number): void;
  onChange(listener: () => void): void;
  unread(): number;
}

/**
 * The side panel: Participants and Discussion as tabs (WAI-ARIA tabs, arrow keys between them), with
 * the number present and the number unread. Open by default where there is room for it beside the
 * board; on tablets and phones it opens over the board, as a sheet, when asked.
 */
export function sidePanel(people: HTMLElement, chat: HTMLElement): SidePanel {
  const tabs: Record<Tab, { button: HTMLButtonElement; panel: HTMLElement; count: HTMLElement }> = {
    participants: { button: h("button", { type: "button", role: "tab", id: "tab-participants" }), panel: people, count: h("span", { class: "count" }) },
    chat: { button: h("button", { type: "button", role: "tab", id: "tab-chat" }), panel: chat, count: h("span", { class: "count" }) },
  };
  const close = h("button", { type: "button", class: "close-panel", id: "close-panel", "aria-label": t("closePanel"), title: t("closePanel") }, icon(X));
  const element = h("aside", { class: "side-panel", id: "side-panel", "aria-label": t("sidePanel") },
    h("div", { class: "tabs" }, h("div", { class: "tablist", role: "tablist", "aria-label": t("sidePanel") }, tabs.participants.button, tabs.chat.button), close),
    people, chat);
  let current: Tab = "participants";
  let unread = 0;
  let present = 0;
  const waiting = h("span", { class: "count unread", hidden: true });
  const listeners: (() => void)[] = [];
  element.hidden = matchMedia("(max-width: 1023px)").matches;

  function draw(): void {
    for (const [name, tab] of Object.entries(tabs) as [Tab, (typeof tabs)[Tab]][]) {
      const selected = name === current;
      const label = name === "participants" ? t("participants") : t("chat");
      const counted = name === "participants" ? String(present) : unread > 0 ? String(unread) : "";
      // The number is shown; a screen reader hears "3 unread" rather than a bare "3".
      tab.count.replaceChildren(h("span", { "aria-hidden": "true" }, counted), name === "chat" && counted ? h("span", { class: "visually-hidden" }, t("unread", counted)) : "");
      tab.count.hidden = counted === "";
      tab.count.classList.toggle("unread", name === "chat" && unread > 0);
      tab.button.replaceChildren(label, tab.count, name === "participants" ? waiting : "");
      tab.button.setAttribute("aria-selected", String(selected));
      tab.button.setAttribute("aria-controls", tab.panel.id || (tab.panel.id = `panel-${name}`));
      tab.button.tabIndex = selected ? 0 : -1;
      tab.panel.setAttribute("role", "tabpanel");
      tab.panel.setAttribute("aria-labelledby", tab.button.id);
      tab.panel.hidden = !selected;
    }
    listeners.forEach((listener) => listener());
  }

  function select(tab: Tab): void {
    current = tab;
    element.hidden = false;
    if (tab === "chat") unread = 0;
    draw();
  }

  for (const [name, tab] of Object.entries(tabs) as [Tab, (typeof tabs)[Tab]][]) {
    tab.button.addEventListener("click", () => select(name));
    tab.button.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const other: Tab = name === "participants" ? "chat" : "participants";
      select(other);
      tabs[other].button.focus();
    });
  }
  close.addEventListener("click", () => {
    element.hidden = true;
    draw();
  });

  const showing = (tab: Tab) => !element.hidden && current === tab;
  draw();
  return {
    element,
    toggle(tab) {
      if (showing(tab)) {
        element.hidden = true;
        draw();
      } else select(tab);
    },
    showing,
    setPeople(count) {
      if (count === present) return;
      present = count;
      draw();
    },
    setWaiting: (count) => setCount(waiting, count, t("waitingCount", String(count))),
    noteMessages(count) {
      if (count === 0 || showing("chat")) return;
      unread += count;
      draw();
    },
    onChange: (listener) => listeners.push(listener),
    unread: () => unread,
  };
}
