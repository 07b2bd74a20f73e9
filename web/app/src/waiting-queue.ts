import { Check, UserCheck, X } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { Body } from "./connection";
import type { RoomModel } from "./room";
import { icon } from "./ui/icon";

/** "depuis 3 min", from the room's clock: near enough for "who has waited longest". */
function since(sinceMs: bigint): string {
  const minutes = Math.floor((Date.now() - Number(sinceMs)) / 60_000);
  return minutes < 1 ? t("waitingSinceNow") : t("waitingSince", String(minutes));
}

/**
 * The teachers' waiting room, at the top of the Participants tab while anyone waits: each student with
 * how long they have waited, "let in" and "refuse", and "let everyone in". Hidden from students, whose
 * Welcome carries no queue anyway.
 */
export function waitingQueue(room: RoomModel, send: (body: Body) => void): { element: HTMLElement; refresh(): void } {
  const heading = h("h3", { id: "waiting-title" });
  const list = h("ul", { class: "waiting-list", "aria-labelledby": "waiting-title" });
  const admitAll = h("button", { type: "button", id: "admit-all", class: "secondary" }, icon(UserCheck), t("admitAll"));
  admitAll.addEventListener("click", () => send({ case: "admitAll", value: {} } as Body));
  const element = h("section", { class: "waiting-queue", id: "waiting-queue", "aria-labelledby": "waiting-title", hidden: true }, heading, list, admitAll);
  // The minutes move on by themselves; only the texts change, so no button loses the focus.
  setInterval(() => {
    for (const span of list.querySelectorAll<HTMLElement>("[data-since]")) span.textContent = since(BigInt(span.dataset.since!));
  }, 30_000);

  function refresh(): void {
    element.hidden = !room.isTeacher || room.waiting.length === 0;
    heading.textContent = t("waitingQueue", String(room.waiting.length));
    // A new row keeps the focus where it was; letting one in takes their row away, and the focus goes on
    // to the next one rather than to the page.
    const focused = list.contains(document.activeElement) ? (document.activeElement as HTMLElement) : undefined;
    const focusedRow = focused?.closest<HTMLElement>("li")?.dataset.waiting;
    const focusedButton = focused?.classList.contains("refuse") ? ".refuse" : ".admit";
    list.replaceChildren(...room.waiting.map((p) => {
      const who = p.participantId;
      return h("li", { "data-waiting": who },
        h("span", { class: "who" }, h("span", { class: "name" }, p.name), h("span", { class: "tags", "data-since": String(p.sinceMs) }, since(p.sinceMs))),
        h("button", { type: "button", class: "admit", "aria-label": t("admitOne", p.name), onclick: () => send({ case: "admit", value: { participantIds: [who] } } as Body) }, icon(Check), t("admit")),
        h("button", { type: "button", class: "secondary refuse", "aria-label": t("refuseOne", p.name), onclick: () => send({ case: "refuse", value: { participantIds: [who] } } as Body) }, icon(X), t("refuse")));
    }));
    if (focused) (list.querySelector<HTMLElement>(`li[data-waiting="${CSS.escape(focusedRow ?? "")}"] ${focusedButton}`) ?? list.querySelector("button") ?? admitAll).focus();
  }
  return { element, refresh };
}
