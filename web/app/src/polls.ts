import { Check, Download, Vote, X } from "lucide";
import { h } from "./dom";
import { t } from "./i18n";
import type { Body } from "./connection";
import { PollKind, type Poll, type PollTally } from "./gen/ardoise/v1/room_pb";
import type { PollState, RoomModel } from "./room";
import { control } from "./ui/control";
import { icon } from "./ui/icon";

const KINDS = [
  [PollKind.YES_NO, "poll.kind.yesNo"],
  [PollKind.YES_NO_ABSTAIN, "poll.kind.yesNoAbstain"],
  [PollKind.TRUE_FALSE, "poll.kind.trueFalse"],
  [PollKind.LETTERS, "poll.kind.letters"],
  [PollKind.NUMBERS, "poll.kind.numbers"],
  [PollKind.CUSTOM, "poll.kind.custom"],
  [PollKind.SHORT_ANSWER, "poll.kind.shortAnswer"],
] as const;
// The room's stable labels for the fixed kinds, shown in the page's language.
const LABELS: Record<string, Parameters<typeof t>[0]> = { yes: "poll.yes", no: "poll.no", abstain: "poll.abstain", true: "poll.true", false: "poll.false" };

function optionLabel(poll: Poll, index: number): string {
  const raw = poll.options[index] ?? "";
  return poll.kind === PollKind.CUSTOM || !LABELS[raw] ? raw : t(LABELS[raw]);
}

/** The labels a new poll of `kind` will have, as the room will make them (PollRules). */
function previewLabels(kind: PollKind, count: number, custom: string[]): string[] {
  switch (kind) {
    case PollKind.YES_NO: return [t("poll.yes"), t("poll.no")];
    case PollKind.YES_NO_ABSTAIN: return [t("poll.yes"), t("poll.no"), t("poll.abstain")];
    case PollKind.TRUE_FALSE: return [t("poll.true"), t("poll.false")];
    case PollKind.LETTERS: return ["A", "B", "C", "D", "E", "F"].slice(0, count);
    case PollKind.NUMBERS: return ["1", "2", "3", "4", "5", "6"].slice(0, count);
    case PollKind.CUSTOM: return custom;
    default: return [];
  }
}

/**
 * Polls and quizzes. Teachers: a control that opens the new-poll dialog, and a card with the live results,
 * who answered what (unless anonymous), end, publish and the CSV. Students: the same card with the question
 * to answer (their answer may change until the end), then the chart once published.
 */
export function pollsView(room: RoomModel, roomId: string, send: (body: Body) => bigint): {
  control: HTMLButtonElement; card: HTMLElement; dialog: HTMLDialogElement; refresh(): void; acked(clientSeq: bigint): void;
} {
  // Answers sent and not yet acknowledged: one the room refuses (the poll ended meanwhile) is never shown as given.
  const unacked = new Map<bigint, { pollId: string; choices: number[]; text: string }>();
  const answer = (pollId: string, choices: number[], text: string) =>
    unacked.set(send({ case: "answerPoll", value: { pollId, choices, text } } as Body), { pollId, choices, text });
  const button = control("open-poll", Vote, t("poll.control"));
  const dialog = newPollDialog(room, send);
  button.addEventListener("click", () => dialog.open());
  const card = h("section", { class: "poll-card", id: "poll-card", "aria-labelledby": "poll-card-title", hidden: true });
  // Those the person closed: the card stays away until something new happens to that poll.
  const dismissed = new Map<string, string>();
  let shown = "";

  function current(): PollState | undefined {
    const all = [...room.polls.values()];
    const open = all.find((state) => !state.ended);
    if (open) return open;
    const last = all[all.length - 1];
    return last && (room.isTeacher || last.published) ? last : undefined;
  }

  const stamp = (state: PollState) => `${state.ended}-${state.published}`;

  function refresh(): void {
    button.hidden = !room.isTeacher;
    const state = current();
    if (!state || dismissed.get(state.poll.id) === stamp(state)) {
      card.hidden = true;
      shown = "";
      return;
    }
    // A student typing an answer keeps their draft through a redraw of the same poll.
    const key = `${state.poll.id}-${stamp(state)}-${room.role}-${state.answered}-${state.myChoices.join()}-${state.myText}`;
    const live = room.isTeacher && !state.published;
    if (key === shown && !live) return;
    shown = key;
    card.hidden = false;
    const close = h("button", { type: "button", class: "icon-only secondary", id: "poll-dismiss", "aria-label": t("poll.hide"), title: t("poll.hide") }, icon(X));
    close.addEventListener("click", () => {
      dismissed.set(state.poll.id, stamp(state));
      refresh();
    });
    const quiz = state.poll.correct.length > 0 || state.poll.correctText !== "";
    const badges = [quiz && room.isTeacher || quiz && state.published ? t("poll.quiz") : t("poll.poll"), state.poll.anonymous ? t("poll.anonymous") : "", state.ended ? t("poll.ended") : ""]
      .filter(Boolean).join(" · ");
    card.replaceChildren(
      h("header", null, icon(Vote), h("span", { class: "poll-badges" }, badges), close),
      h("h2", { id: "poll-card-title", class: "poll-question" }, state.poll.question),
      ...(room.isTeacher ? teacherPart(state) : studentPart(state)));
  }

  function teacherPart(state: PollState): HTMLElement[] {
    const tally = state.tally;
    const parts: HTMLElement[] = [tally ? chart(state.poll, tally, true) : h("p", { class: "poll-count", id: "poll-respondents" }, t("poll.respondents", "0"))];
    if (tally && tally.responses.length > 0) {
      parts.push(h("details", { class: "poll-responses" }, h("summary", null, t("poll.whoAnswered")),
        h("ul", null, ...tally.responses.map((r) => h("li", null, h("strong", null, r.name), " — ",
          state.poll.kind === PollKind.SHORT_ANSWER ? r.text : r.choices.map((c) => optionLabel(state.poll, c)).join(", "))))));
    }
    const actions = h("div", { class: "poll-actions" });
    if (!state.ended) {
      const end = h("button", { type: "button", class: "secondary", id: "poll-end" }, t("poll.end"));
      end.addEventListener("click", () => send({ case: "endPoll", value: { pollId: state.poll.id } } as Body));
      actions.appendChild(end);
    }
    if (!state.published) {
      const publish = h("button", { type: "button", id: "poll-publish" }, t("poll.publish"));
      publish.addEventListener("click", () => send({ case: "publishPoll", value: { pollId: state.poll.id } } as Body));
      actions.appendChild(publish);
    } else parts.push(h("p", { class: "poll-note" }, t("poll.publishedNote")));
    actions.appendChild(h("a", { class: "poll-csv", id: "poll-csv", download: "",
      href: `/api/v1/my/classes/${encodeURIComponent(roomId)}/polls/${encodeURIComponent(state.poll.id)}/results.csv` }, icon(Download), t("poll.csv")));
    parts.push(actions);
    return parts;
  }

  function studentPart(state: PollState): HTMLElement[] {
    if (state.published && state.tally) {
      const mine = state.answered ? h("p", { class: "poll-note" }, t("poll.yourAnswer", answerText(state))) : undefined;
      return [chart(state.poll, state.tally, false), ...(mine ? [mine] : [])];
    }
    if (state.ended) return [h("p", { class: "poll-note" }, state.answered ? t("poll.endedWith", answerText(state)) : t("poll.endedNoAnswer"))];
    const status = h("p", { class: "poll-note", id: "poll-status", role: "status" }, state.answered ? t("poll.sent") : "");
    const submit = h("button", { type: "submit", id: "poll-answer" }, state.answered ? t("poll.change") : t("poll.answer"));
    const form = h("form", { class: "poll-form" });
    const poll = state.poll;
    if (poll.kind === PollKind.SHORT_ANSWER) {
      const text = h("input", { type: "text", id: "poll-text", maxlength: String(room.limits.maxShortAnswerChars || 200), value: state.myText,
        "aria-label": t("poll.yourText"), autocomplete: "off" });
      form.append(text, submit);
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const value = text.value.trim();
        if (!value) {
          status.textContent = t("poll.writeFirst");
          return;
        }
        answer(poll.id, [], value);
      });
    } else {
      const inputs = poll.options.map((_, i) => h("input", { type: poll.multiple ? "checkbox" : "radio", name: `poll-${poll.id}`, value: String(i),
        id: `poll-option-${i}`, checked: state.myChoices.includes(i) }));
      const choices = h("fieldset", { class: "poll-options" }, h("legend", { class: "visually-hidden" }, poll.question),
        ...inputs.map((input, i) => h("label", { class: "poll-option" }, input, h("span", null, optionLabel(poll, i)))));
      form.append(choices, submit);
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const chosen = inputs.filter((input) => input.checked).map((input) => Number(input.value));
        if (chosen.length === 0) {
          status.textContent = t("poll.chooseFirst");
          return;
        }
        answer(poll.id, chosen, "");
      });
    }
    return [form, status];
  }

  function answerText(state: PollState): string {
    return state.poll.kind === PollKind.SHORT_ANSWER ? state.myText : state.myChoices.map((c) => optionLabel(state.poll, c)).join(", ");
  }

  function acked(clientSeq: bigint): void {
    const sent = unacked.get(clientSeq);
    if (!sent) return;
    unacked.delete(clientSeq);
    room.answered(sent.pollId, sent.choices, sent.text);
  }

  return { control: button, card, dialog: dialog.element, refresh, acked };
}

/** Bars, one per option (or per typed answer), with counts and shares; a quiz's correct options are marked. */
function chart(poll: Poll, tally: PollTally, live: boolean): HTMLElement {
  const rows = poll.kind === PollKind.SHORT_ANSWER
    ? tally.shortAnswers.map((a) => ({ label: a.text, count: a.count, correct: poll.correctText !== "" && a.text === poll.correctText.trim().replace(/\s+/g, " ").toLowerCase() }))
    : poll.options.map((_, i) => ({ label: optionLabel(poll, i), count: tally.counts[i] ?? 0, correct: poll.correct.includes(i) }));
  const total = Math.max(1, tally.respondents);
  const list = h("ul", { class: "poll-chart", id: live ? "poll-live" : "poll-chart", "aria-label": live ? t("poll.liveResults") : t("poll.results") },
    ...rows.map((row) => {
      const share = Math.round((row.count / total) * 100);
      return h("li", { "data-correct": String(row.correct) },
        h("span", { class: "poll-label" }, row.correct ? icon(Check) : "", row.label,
          row.correct ? h("span", { class: "visually-hidden" }, ` (${t("poll.correct")})`) : ""),
        h("span", { class: "poll-bar", "aria-hidden": "true" }, h("span", { style: `width: ${share}%` })),
        h("span", { class: "poll-number" }, `${row.count} · ${share} %`));
    }));
  const summary = h("p", { class: "poll-count", id: live ? "poll-respondents" : "poll-summary" }, t("poll.respondents", String(tally.respondents)),
    poll.correct.length > 0 || poll.correctText !== "" ? ` · ${t("poll.correctCount", String(tally.correctRespondents))}` : "");
  return h("div", { class: "poll-results" }, list, summary);
}

/** The teacher's dialog for a new poll: question, kind, options, anonymous, several answers, and an optional key. */
function newPollDialog(room: RoomModel, send: (body: Body) => void): { element: HTMLDialogElement; open(): void } {
  const question = h("input", { type: "text", id: "poll-question", required: true, autocomplete: "off" });
  const kind = h("select", { id: "poll-kind" }, ...KINDS.map(([value, key]) => h("option", { value: String(value) }, t(key))));
  const count = h("input", { type: "number", id: "poll-count", min: "2", max: "6", value: "4" });
  const options = h("textarea", { id: "poll-options", rows: "4" });
  const countRow = h("div", null, h("label", { for: "poll-count" }, t("poll.count")), count);
  const optionsRow = h("div", null, h("label", { for: "poll-options" }, t("poll.options")), options);
  const anonymous = h("input", { type: "checkbox", id: "poll-anonymous" });
  const multiple = h("input", { type: "checkbox", id: "poll-multiple" });
  const multipleRow = h("label", { class: "check" }, multiple, t("poll.multiple"));
  const keyBoxes = h("div", { class: "poll-key-options" });
  const keyText = h("input", { type: "text", id: "poll-correct-text", autocomplete: "off", "aria-label": t("poll.correctText") });
  const key = h("fieldset", null, h("legend", null, t("poll.key")), keyBoxes, keyText);
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const start = h("button", { type: "submit", id: "poll-start" }, t("poll.start"));
  const cancel = h("button", { type: "button", class: "secondary", id: "poll-cancel" }, t("cancel"));
  const form = h("form", { method: "dialog" },
    h("label", { for: "poll-question" }, t("poll.question")), question,
    h("label", { for: "poll-kind" }, t("poll.kind")), kind,
    countRow, optionsRow,
    h("label", { class: "check" }, anonymous, t("poll.anonymousHint")), multipleRow,
    key, error,
    h("div", { class: "actions" }, cancel, start));
  const element = h("dialog", { id: "poll-dialog", "aria-labelledby": "poll-dialog-title" },
    h("h2", { id: "poll-dialog-title" }, icon(Vote), t("poll.new")), form);
  const chosen = () => Number(kind.value) as PollKind;
  const customOptions = () => options.value.split("\n").map((line) => line.trim()).filter(Boolean);

  function layout(): void {
    const k = chosen();
    countRow.hidden = k !== PollKind.LETTERS && k !== PollKind.NUMBERS;
    optionsRow.hidden = k !== PollKind.CUSTOM;
    multipleRow.hidden = k === PollKind.SHORT_ANSWER;
    keyText.hidden = k !== PollKind.SHORT_ANSWER;
    const was = new Set([...keyBoxes.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => input.value));
    keyBoxes.replaceChildren(...previewLabels(k, Number(count.value) || 4, customOptions()).map((label, i) =>
      h("label", { class: "check" }, h("input", { type: "checkbox", value: String(i), id: `poll-key-${i}`, checked: was.has(String(i)) }), label)));
  }
  for (const input of [kind, count, options]) input.addEventListener("input", layout);
  kind.addEventListener("change", layout);
  question.maxLength = room.limits.maxPollQuestionChars || 300;
  cancel.addEventListener("click", () => element.close());
  form.addEventListener("submit", (e) => {
    const k = chosen();
    const custom = customOptions();
    const max = room.limits.maxPollOptions || 10;
    const problem = !question.value.trim() ? t("poll.needQuestion")
      : k === PollKind.CUSTOM && (custom.length < 2 || custom.length > max) ? t("poll.needOptions", String(max)) : "";
    if (problem) {
      e.preventDefault();
      error.hidden = false;
      error.textContent = problem;
      return;
    }
    const correct = [...keyBoxes.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => Number(input.value));
    send({ case: "openPoll", value: {
      question: question.value.trim(), kind: k, options: k === PollKind.CUSTOM ? custom : [],
      optionCount: k === PollKind.LETTERS || k === PollKind.NUMBERS ? Number(count.value) : 0,
      anonymous: anonymous.checked, multiple: k !== PollKind.SHORT_ANSWER && multiple.checked,
      correct: k === PollKind.SHORT_ANSWER ? [] : correct, correctText: k === PollKind.SHORT_ANSWER ? keyText.value.trim() : "",
    } } as Body);
  });
  return {
    element,
    open() {
      form.reset();
      error.hidden = true;
      layout();
      element.showModal();
    },
  };
}
