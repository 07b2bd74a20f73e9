import { LogOut } from "lucide";
import { h, replace } from "./dom";
import { t } from "./i18n";
import { brand } from "./ui/brand";
import { icon } from "./ui/icon";

/**
 * What a student in the waiting room sees until a teacher lets them in or refuses them: the class, that
 * someone will let them in, a quiet sign that the page is alive, and a way out. `say` tells of a lost
 * connection meanwhile (the client keeps trying and queues again).
 */
export function showWaitingCard(root: HTMLElement, title: string, leave: () => void): { say(text: string): void } {
  const note = h("p", { class: "status", role: "status" });
  const heading = h("h1", { tabindex: -1 }, title || t("waitingRoom"));
  replace(root, h("div", { class: "page" },
    h("header", null, brand()),
    h("main", { class: "card waiting-card" },
      h("p", { class: "kicker" }, t("waitingRoom")),
      heading,
      h("div", { class: "waiting-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
      h("p", null, t("waitingForTeacher")),
      note,
      h("div", { class: "actions" }, h("button", { type: "button", id: "leave-waiting", class: "secondary", onclick: leave }, icon(LogOut), t("leave"))))));
  document.body.dataset.screen = "waiting";
  document.title = `${t("waitingRoom")} — Ardoise`;
  // As on every screen, the focus goes to what changed, so a screen reader reads the news.
  heading.focus();
  return { say: (text) => (note.textContent = text) };
}
