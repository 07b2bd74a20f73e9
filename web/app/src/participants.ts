import { h } from "./dom";
import { t } from "./i18n";
import { Role, type Participant } from "./gen/ardoise/v1/room_pb";
import type { Body } from "./connection";
import type { RoomModel } from "./room";
import { markSpeaking, mediaBadges, muteActions, type MediaPeople } from "./media/people";

/** Teachers first, then raised hands in the order they went up, then by name. */
function order(a: Participant, b: Participant): number {
  if (a.role !== b.role) return a.role === Role.TEACHER ? -1 : 1;
  if (a.handRaised !== b.handRaised) return a.handRaised ? -1 : 1;
  if (a.handRaised && a.handRaisedSeq !== b.handRaisedSeq) return a.handRaisedSeq < b.handRaisedSeq ? -1 : 1;
  return a.name.localeCompare(b.name);
}

export function participantsView(room: RoomModel, send: (body: Body) => void, media: MediaPeople): { element: HTMLElement; refresh(): void; speaking(): void } {
  const list = h("ul", { class: "participants" });
  const raise = h("button", { type: "button", id: "raise-hand" });
  const lowerAll = h("button", { type: "button", id: "lower-all" }, t("lowerAllHands"));
  raise.addEventListener("click", () => {
    const mine = room.participants.get(room.me);
    send(mine?.handRaised ? { case: "lowerHand", value: { participantId: "" } } as Body : { case: "raiseHand", value: {} } as Body);
  });
  lowerAll.addEventListener("click", () => send({ case: "lowerAllHands", value: {} } as Body));
  const element = h("section", { class: "people", "aria-labelledby": "people-title" }, h("h2", { id: "people-title" }, t("participants")), raise, lowerAll, list);

  function refresh(): void {
    raise.textContent = room.participants.get(room.me)?.handRaised ? t("lowerHand") : t("raiseHand");
    lowerAll.hidden = !room.isTeacher;
    list.replaceChildren(
      ...[...room.participants.values()].sort(order).map((p) => {
        const tags = [p.role === Role.TEACHER ? t("teacher") : t("student")];
        if (p.id === room.me) tags.push(t("you"));
        if (!p.connected) tags.push(t("offline"));
        const actions: HTMLElement[] = [];
        if (room.isTeacher && p.id !== room.me) {
          if (p.handRaised) actions.push(action(t("lowerHandOf", p.name), "↓", () => send({ case: "lowerHand", value: { participantId: p.id } } as Body)));
          actions.push(...muteActions(p, room, send));
          if (p.role !== Role.TEACHER) actions.push(action(t("makeCoTeacher", p.name), "★", () => send({ case: "setRole", value: { participantId: p.id, role: Role.TEACHER } } as Body)));
          actions.push(action(t("remove", p.name), "✕", () => send({ case: "removeParticipant", value: { participantId: p.id } } as Body)));
        }
        return h(
          "li",
          { "data-participant": p.id, class: p.connected ? "" : "away" },
          p.handRaised ? h("span", { class: "hand" }, t("handRaised")) : null,
          h("span", { class: "name" }, p.name),
          h("span", { class: "tags" }, ` (${tags.join(", ")})`),
          h("span", { class: "media-badges" }, ...mediaBadges(p, room, media)),
          h("span", { class: "actions" }, ...actions),
        );
      }),
    );
  }
  return { element, refresh, speaking: () => markSpeaking(list, media.speaking) };
}

function action(label: string, icon: string, onClick: () => void): HTMLButtonElement {
  return h("button", { type: "button", class: "icon", "aria-label": label, title: label, onclick: onClick }, icon);
}
