import { Ellipsis, Hand, HandMetal, MessageSquare, MessageSquareOff, MicOff, Star, UserX } from "lucide";
import { h } from "./dom";
import { t, tCount } from "./i18n";
import { Role, type Participant } from "./gen/ardoise/v1/room_pb";
import { MediaKind } from "./gen/ardoise/v1/media_pb";
import type { Body } from "./connection";
import type { RoomModel } from "./room";
import { markSpeaking, mediaBadges, muteActions, type MediaPeople } from "./media/people";
import { confirmAction } from "./ui/confirm";
import { icon } from "./ui/icon";
import { menuButton, type MenuItem } from "./ui/menu";

/** A list this long gets a search field; longer than ROWS, it shows the first ROWS of what matches. */
const SEARCH_FROM = 30;
const ROWS = 200;

/** Case and accents aside, as a teacher types a name. */
const folded = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

/** Teachers first, then raised hands in the order they went up, then by name. */
function order(a: Participant, b: Participant): number {
  if (a.role !== b.role) return a.role === Role.TEACHER ? -1 : 1;
  if (a.handRaised !== b.handRaised) return a.handRaised ? -1 : 1;
  if (a.handRaised && a.handRaisedSeq !== b.handRaisedSeq) return a.handRaisedSeq < b.handRaisedSeq ? -1 : 1;
  return a.name.localeCompare(b.name);
}

/**
 * The Participants tab: who is here, their hands and media, and for teachers "lower all hands",
 * "mute all" and a menu of actions on each row. Actions never sit as loose buttons on a row, so a
 * long class list stays a list. Above it, how many are connected; a long list (a lecture's, for its teachers)
 * gets a search field and shows at most ROWS rows, hands first, so that a thousand names neither flood the
 * panel nor cost a thousand rows at every arrival. A student of a lecture sees the teachers and the count.
 */
export function participantsView(room: RoomModel, send: (body: Body) => void, media: MediaPeople): { element: HTMLElement; refresh(): void; speaking(): void } {
  const list = h("ul", { class: "participants", "aria-labelledby": "people-title" });
  const lowerAll = h("button", { type: "button", id: "lower-all", class: "secondary" }, icon(HandMetal), t("lowerAllHands"));
  const muteAll = h("button", { type: "button", id: "mute-all", class: "secondary" }, icon(MicOff), t("muteAll"));
  lowerAll.addEventListener("click", () => send({ case: "lowerAllHands", value: {} } as Body));
  muteAll.addEventListener("click", () => muteEveryone());
  const actions = h("div", { class: "panel-actions" }, lowerAll, muteAll);
  const summary = h("p", { class: "people-summary", id: "people-summary" });
  const search = h("input", { type: "search", id: "people-search", placeholder: t("findParticipant"), "aria-label": t("findParticipant") });
  search.addEventListener("input", () => refresh());
  const element = h("section", { class: "people tab-panel", "aria-labelledby": "people-title" }, h("h2", { id: "people-title", class: "visually-hidden" }, t("participants")), actions, summary, search, list);

  /** One SetMediaMute per student whose microphone is live, paced under the room's action rate. */
  function muteEveryone(): void {
    const targets = [...room.participants.values()].filter((p) => p.role !== Role.TEACHER && p.connected && !p.microphoneMuted
      && media.publications.of(p.id, MediaKind.MICROPHONE) !== undefined);
    const every = 1000 / Math.max(1, room.limits.actionsPerSecond / 2);
    targets.forEach((p, i) => setTimeout(() => send({ case: "mediaMute", value: { participantId: p.id, kind: MediaKind.MICROPHONE, muted: true } } as Body), i * every));
  }

  function menuOf(p: Participant): MenuItem[] {
    const items: MenuItem[] = [];
    if (p.handRaised) items.push({ label: t("lowerHandOf", p.name), icon: icon(Hand), action: "lower-hand", run: () => send({ case: "lowerHand", value: { participantId: p.id } } as Body) });
    items.push(...muteActions(p, room, send));
    // Teachers always write: the room mutes only students' chat.
    if (p.role !== Role.TEACHER) {
      items.push(p.chatMuted
        ? { label: t("unmuteChatOf", p.name), icon: icon(MessageSquare), action: "unmute-chat", run: () => send({ case: "setChatMuted", value: { participantId: p.id, muted: false } } as Body) }
        : { label: t("muteChatOf", p.name), icon: icon(MessageSquareOff), action: "mute-chat", run: () => send({ case: "setChatMuted", value: { participantId: p.id, muted: true } } as Body) });
    }
    // Neither is taken back from this menu, and each sits one slip of a finger from another item: both ask first.
    if (p.role !== Role.TEACHER) {
      items.push({ label: t("makeCoTeacher", p.name), icon: icon(Star), action: "make-teacher", run: async () => {
        if (await confirmAction(t("makeCoTeacherTitle", p.name), t("makeCoTeacherText"), t("makeCoTeacherYes"))) {
          send({ case: "setRole", value: { participantId: p.id, role: Role.TEACHER } } as Body);
        }
      } });
    }
    items.push({ label: t("remove", p.name), icon: icon(UserX), action: "remove", danger: true, run: async () => {
      if (await confirmAction(t("removeTitle", p.name), t("removeText", p.name), t("removeYes"))) {
        send({ case: "removeParticipant", value: { participantId: p.id } } as Body);
      }
    } });
    return items;
  }

  function refresh(): void {
    lowerAll.hidden = !room.isTeacher;
    muteAll.hidden = !room.isTeacher;
    actions.hidden = !room.isTeacher;
    // An open menu is not redrawn under the pointer by a hand or a mute elsewhere: the list catches up when it closes.
    if (list.querySelector("[aria-expanded=true]")) return;
    const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("li[data-participant]")?.dataset.participant;
    const parts = [tCount("peopleConnectedOne", "peopleConnected", room.connectedCount)];
    if (room.isTeacher && room.maxParticipants > 0) parts.push(t("peopleSeats", String(room.maxParticipants)));
    summary.textContent = parts.join(" · ") + (room.countsOnly ? ` — ${t("lectureNote")}` : "");
    search.hidden = room.participants.size <= SEARCH_FROM;
    const query = search.hidden ? "" : folded(search.value.trim());
    const matching = [...room.participants.values()].filter((p) => !query || folded(p.name).includes(query)).sort(order);
    const more = matching.length - ROWS;
    list.replaceChildren(
      ...matching.slice(0, ROWS).map((p) => {
        const tags = [p.role === Role.TEACHER ? t("teacher") : t("student")];
        if (p.id === room.me) tags.push(t("you"));
        // Gone to a breakout group is not gone: the teacher reads which group rather than "offline".
        const group = !p.connected && room.breakout.open ? room.breakout.groups.find((g) => g.members.includes(p.id)) : undefined;
        if (!p.connected) tags.push(group ? t("inBreakout", group.name) : t("offline"));
        if (p.chatMuted && p.role !== Role.TEACHER) tags.push(t("chatMutedTag"));
        const menu = room.isTeacher && p.id !== room.me
          ? menuButton(h("button", { type: "button", class: "menu-button", "data-menu": p.id, "aria-label": t("actionsFor", p.name), title: t("actionsFor", p.name) }, icon(Ellipsis)), () => menuOf(p), { onClose: () => queueMicrotask(refresh) })
          : null;
        return h(
          "li",
          { "data-participant": p.id, class: p.connected || group ? "" : "away" },
          h("span", { class: "who" }, h("span", { class: "name" }, p.name), h("span", { class: "tags" }, tags.join(" · "))),
          p.handRaised ? h("span", { class: "hand" }, icon(Hand), t("handRaised")) : null,
          h("span", { class: "reaction", "data-reaction-of": p.id }),
          h("span", { class: "media-badges" }, ...mediaBadges(p, room, media)),
          menu,
        );
      }),
      ...(more > 0 ? [h("li", { class: "more" }, t("moreParticipants", String(more)))] : []),
      ...(matching.length === 0 && query ? [h("li", { class: "more" }, t("noParticipantFound"))] : []),
    );
    if (focused) list.querySelector<HTMLElement>(`li[data-participant="${CSS.escape(focused)}"] .menu-button`)?.focus();
  }
  return { element, refresh, speaking: () => markSpeaking(list, media.speaking) };
}
