import { CircleQuestionMark, Frown, Heart, Laugh, PartyPopper, SmilePlus, ThumbsDown, ThumbsUp, type IconNode } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { Body } from "./connection";
import { ReactionKind, type Reaction } from "./gen/ardoise/v1/wire_pb";
import type { RoomModel } from "./room";
import { SHORTCUTS } from "./shortcuts";
import { control } from "./ui/control";
import { icon } from "./ui/icon";
import { menuButton } from "./ui/menu";

const KINDS = [
  { kind: ReactionKind.THUMBS_UP, node: ThumbsUp, key: "reaction.thumbsUp" },
  { kind: ReactionKind.THUMBS_DOWN, node: ThumbsDown, key: "reaction.thumbsDown" },
  { kind: ReactionKind.APPLAUSE, node: PartyPopper, key: "reaction.applause" },
  { kind: ReactionKind.QUESTION, node: CircleQuestionMark, key: "reaction.question" },
  { kind: ReactionKind.CONFUSED, node: Frown, key: "reaction.confused" },
  { kind: ReactionKind.LAUGH, node: Laugh, key: "reaction.laugh" },
  { kind: ReactionKind.HEART, node: Heart, key: "reaction.heart" },
] as const satisfies readonly { kind: ReactionKind; node: IconNode; key: string }[];
const SHOWN_MS = 4000;
// Teachers read the tally of the last minute: enough to answer "is that clear?".
const TALLY_MS = 60_000;

/**
 * Reactions: the control bar's menu to send one (ephemeral, relayed to everyone by the room), a
 * bubble with the author's name over the stage, the icon beside the author in the list for a few
 * seconds, and for teachers the count of each kind over the last minute.
 */
export function reactions(room: RoomModel, sendEphemeral: (body: Body) => void, list: HTMLElement): { control: HTMLElement; button: HTMLButtonElement; bubbles: HTMLElement; tally: HTMLElement; show(reaction: Reaction): void; mark(): void } {
  const button = control("reactions", SmilePlus, t("reactions"), SHORTCUTS.reactions);
  const holder = menuButton(button, () => KINDS.map((k) => ({
    label: t(k.key), icon: icon(k.node), action: `react-${ReactionKind[k.kind].toLowerCase()}`,
    run: () => sendEphemeral({ case: "reaction", value: { kind: k.kind } } as Body),
  })), { menuClass: "reactions-menu" });
  const bubbles = h("div", { class: "reaction-bubbles", "aria-live": "polite" });
  const tally = h("p", { class: "reaction-tally", "aria-label": t("reactionTally"), hidden: true });
  const recent: { from: string; kind: ReactionKind; at: number }[] = [];

  function showTally(): void {
    const now = Date.now();
    while (recent.length > 0 && now - recent[0].at > TALLY_MS) recent.shift();
    tally.hidden = !room.isTeacher || recent.length === 0;
    tally.replaceChildren(...KINDS.map((k) => ({ k, n: recent.filter((r) => r.kind === k.kind).length })).filter((x) => x.n > 0)
      .map(({ k, n }) => h("span", { class: "tally-item", title: t(k.key) }, icon(k.node), h("span", { class: "visually-hidden" }, t(k.key)), String(n))));
  }

  /** The icon beside each name that reacted in the last few seconds; called again after the list redraws. */
  function mark(): void {
    const now = Date.now();
    for (const slot of list.querySelectorAll<HTMLElement>("[data-reaction-of]")) {
      const last = [...recent].reverse().find((r) => r.from === slot.dataset.reactionOf && now - r.at < SHOWN_MS);
      const kind = last && KINDS.find((k) => k.kind === last.kind);
      slot.replaceChildren(...(kind ? [icon(kind.node), h("span", { class: "visually-hidden" }, t(kind.key))] : []));
    }
  }

  function show(reaction: Reaction): void {
    const kind = KINDS.find((k) => k.kind === reaction.kind);
    if (!kind) return;
    recent.push({ from: reaction.clientId, kind: reaction.kind, at: Date.now() });
    const bubble = h("p", { class: "reaction-bubble" }, icon(kind.node), h("span", null, reaction.clientId === room.me ? t("you") : room.name(reaction.clientId)),
      h("span", { class: "visually-hidden" }, t(kind.key)));
    bubbles.appendChild(bubble);
    while (bubbles.children.length > 6) bubbles.firstElementChild!.remove();
    setTimeout(() => {
      bubble.remove();
      mark();
    }, SHOWN_MS);
    showTally();
    mark();
  }
  setInterval(showTally, 5000);
  return { control: holder, button, bubbles, tally, show, mark };
}
