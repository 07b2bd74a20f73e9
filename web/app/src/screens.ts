import { CircleAlert, DoorClosed, DoorOpen, Link2Off, LogOut, SearchX, TimerOff, UserX, Users, type IconNode } from "lucide";
import { h, replace } from "./dom";
import { t } from "./i18n";
import { brand } from "./ui/brand";
import { icon } from "./ui/icon";

/** Every way into a class that fails, and every way out of one: each screen says what happened and what to do. */
export type Screen =
  | "missing-token" | "invalid-link" | "revoked-link" | "expired-link" | "wrong-class" | "unknown-class" | "full"
  | "removed" | "refused" | "closed" | "ended" | "replaced" | "left" | "not-found" | "replay-refused";

const LOOK: Record<Screen, { icon: IconNode; problem: boolean }> = {
  "missing-token": { icon: Link2Off, problem: true },
  "invalid-link": { icon: Link2Off, problem: true },
  "revoked-link": { icon: Link2Off, problem: true },
  "expired-link": { icon: TimerOff, problem: true },
  "wrong-class": { icon: Link2Off, problem: true },
  "unknown-class": { icon: SearchX, problem: true },
  full: { icon: Users, problem: true },
  removed: { icon: UserX, problem: true },
  refused: { icon: DoorClosed, problem: true },
  closed: { icon: DoorClosed, problem: true },
  ended: { icon: DoorOpen, problem: false },
  replaced: { icon: CircleAlert, problem: false },
  left: { icon: LogOut, problem: false },
  "not-found": { icon: SearchX, problem: true },
  "replay-refused": { icon: DoorClosed, problem: true },
};

export interface ScreenAction {
  label: string;
  run(): void;
}

/** Replaces the page with one card: a title, what to do, and at most one way on. */
export function showScreen(root: HTMLElement, screen: Screen, action?: ScreenAction): void {
  const look = LOOK[screen];
  document.body.dataset.screen = "message";
  document.body.dataset.reason = screen;
  document.title = `${t(`screen.${screen}.title`)} — Ardoise`;
  const heading = h("h1", { tabindex: -1 }, t(`screen.${screen}.title`));
  const button = action ? h("button", { type: "button", id: "screen-action", onclick: () => action.run() }, action.label) : null;
  replace(
    root,
    h("div", { class: "page" },
      h("header", null, brand()),
      h("main", { class: "card screen-card", "data-tone": look.problem ? "problem" : "info", "data-screen": screen },
        icon(look.icon, "screen-icon"),
        heading,
        h("p", null, t(`screen.${screen}.text`)),
        h("div", { class: "actions" }, button))),
  );
  // The focus goes to what changed, so a screen reader starts reading the news.
  (button ?? heading).focus();
}
