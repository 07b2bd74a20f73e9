import { Hand, LayoutDashboard, LogOut, MessageSquare, Presentation, Settings, Users } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { LocalKind } from "./media/rights";
import { SHORTCUTS } from "./shortcuts";
import { control, setControl } from "./ui/control";
import { setCount } from "./ui/count";

export interface ControlBar {
  element: HTMLElement;
  hand: HTMLButtonElement;
  view: HTMLButtonElement;
  participants: HTMLButtonElement;
  chat: HTMLButtonElement;
  settings: HTMLButtonElement;
  leave: HTMLButtonElement;
  /** Shows whether my hand is up. */
  setHand(raised: boolean): void;
  /** Which view the stage shows, and whether there is anything to present at all. */
  setView(view: "board" | "presenter", canPresent: boolean): void;
  setPanels(showing: { participants: boolean; chat: boolean }, unread: number): void;
  /** How many students wait to be let in (teachers only), on the Participants control. */
  setWaiting(count: number): void;
}

/**
 * The bar at the bottom, in the order meeting tools put it: own devices, then hand and reactions,
 * then the view, the panels and the settings, and "leave" last, apart and red.
 */
export function controlBar(media: Map<LocalKind, HTMLButtonElement>, notes: HTMLElement, extra: HTMLElement[]): ControlBar {
  const hand = control("raise-hand", Hand, t("raiseHand"), SHORTCUTS.hand);
  const view = control("switch-view", Presentation, t("showPresenter"), SHORTCUTS.view);
  const participants = control("toggle-participants", Users, t("participants"), SHORTCUTS.participants);
  const chat = control("toggle-chat", MessageSquare, t("chat"), SHORTCUTS.chat);
  const unread = h("span", { class: "count unread", hidden: true });
  chat.appendChild(unread);
  const waiting = h("span", { class: "count unread", hidden: true });
  participants.appendChild(waiting);
  const settings = control("open-settings", Settings, t("settings"), SHORTCUTS.settings);
  const leave = control("leave", LogOut, t("leave"), SHORTCUTS.leave);
  leave.classList.add("leave");
  for (const button of [participants, chat]) button.setAttribute("aria-controls", "side-panel");
  // On phones the Participants tab is one tap away in the panel the Discussion control opens.
  participants.classList.add("wide-only");
  const element = h(
    "section",
    // A region of its own (each control is a Tab stop), not an ARIA toolbar, which would promise arrow keys.
    { class: "control-bar", "aria-label": t("controls") },
    notes,
    h("div", { class: "group" }, ...media.values()),
    h("div", { class: "group" }, hand, ...extra, view),
    h("div", { class: "group" }, participants, chat, settings),
    h("div", { class: "group" }, leave),
  );
  return {
    element, hand, view, participants, chat, settings, leave,
    setHand(raised) {
      setControl(hand, Hand, raised ? t("lowerHand") : t("raiseHand"), SHORTCUTS.hand);
      hand.setAttribute("aria-pressed", String(raised));
    },
    setView(current, canPresent) {
      view.hidden = !canPresent && current === "board";
      setControl(view, current === "board" ? Presentation : LayoutDashboard, current === "board" ? t("showPresenter") : t("showBoard"), SHORTCUTS.view);
    },
    setPanels(showing, count) {
      participants.setAttribute("aria-expanded", String(showing.participants));
      chat.setAttribute("aria-expanded", String(showing.chat));
      setCount(unread, count, t("unread", String(count)));
    },
    setWaiting: (count) => setCount(waiting, count, t("waitingCount", String(count))),
  };
}
