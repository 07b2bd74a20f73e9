import { MessageSquareX, SendHorizontal, Trash2 } from "lucide";
import { h } from "./dom";
import { icon } from "./ui/icon";
import { confirmAction } from "./ui/confirm";
import { t } from "./i18n";
import { Role, type ChatMessage } from "./gen/ardoise/v1/room_pb";
import type { Body } from "./connection";
import type { RoomModel } from "./room";

/**
 * The chat log and its form. Text only ever goes through text nodes (dom.h), never innerHTML, so
 * `<img onerror=…>` in a message is shown, not run. New messages reach screen readers via the log's
 * aria-live region. Teachers get a delete button on each message and "clear the chat" above the log.
 */
export function chatView(room: RoomModel, send: (body: Body) => void): { element: HTMLElement; refresh(full?: boolean): void; refreshForm(): void } {
  const log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", "aria-labelledby": "chat-title", tabindex: 0 });
  const to = h("select", { id: "chat-to" });
  // Its maxlength is the server's, from the Welcome (refreshForm).
  const input = h("input", { id: "chat-text", autocomplete: "off" });
  const note = h("p", { class: "chat-note", id: "chat-note", role: "status", hidden: true });
  const submit = h("button", { type: "submit", "aria-label": t("send"), title: t("send") }, icon(SendHorizontal));
  input.placeholder = t("writeMessage");
  const form = h(
    "form",
    { class: "chat-form" },
    h("label", { for: "chat-to" }, t("to")),
    to,
    h("div", { class: "row" }, h("label", { for: "chat-text", class: "visually-hidden" }, t("message")), input, submit),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    send({ case: "chat", value: { text, to: to.value } } as Body);
    input.value = "";
  });
  const clear = h("button", { type: "button", id: "clear-chat", class: "secondary" }, icon(MessageSquareX), t("clearChat"));
  clear.addEventListener("click", async () => {
    if (await confirmAction(t("clearChatTitle"), t("clearChatText"), t("clearChatYes"))) send({ case: "clearChat", value: {} } as Body);
  });
  const actions = h("div", { class: "panel-actions", hidden: true }, clear);
  const element = h("section", { class: "chat tab-panel", "aria-labelledby": "chat-title" }, h("h2", { id: "chat-title", class: "visually-hidden" }, t("chat")), actions, log, note, form);
  // The highest seq on screen: what the room model holds beyond it is new.
  let shownUpTo = 0n;

  function line(message: ChatMessage): HTMLElement {
    const whisper = message.to
      ? h("span", { class: "private" }, ` [${message.to === room.me ? t("privateFrom") : t("privateTo", room.name(message.to))}]`)
      : null;
    // A message without an author is the class's own (the welcome an LMS sets): it speaks under the class's title.
    // In a lecture a student's roster lacks the other students: the message names its author.
    const author = message.from ? (room.participants.get(message.from)?.name ?? (message.fromName || message.from)) : room.title;
    const label = t("deleteMessageOf", author);
    const remove = h("button", { type: "button", class: "delete-message quiet", "aria-label": label, title: label, hidden: !room.isTeacher }, icon(Trash2));
    remove.addEventListener("click", () => send({ case: "deleteChatMessage", value: { seq: message.seq } } as Body));
    return h("p", { "data-seq": String(message.seq), class: message.to ? "whisper" : "" },
      h("span", { class: "said" }, h("strong", null, author), whisper, ": ", h("span", { class: "text" }, message.text)), remove);
  }

  function refresh(full = false): void {
    // Only what is new is appended, and only what went is taken away: the live region must not read the whole history again.
    if (full) {
      log.replaceChildren();
      shownUpTo = 0n;
    }
    const kept = new Set(room.chat.map((message) => String(message.seq)));
    for (const shown of [...log.children] as HTMLElement[]) {
      if (!kept.has(shown.dataset.seq ?? "")) {
        // The focus was on the delete button of the message that went: keep it in the log.
        if (shown.contains(document.activeElement)) log.focus();
        shown.remove();
      }
    }
    for (const message of room.chat) {
      if (message.seq <= shownUpTo) continue;
      log.appendChild(line(message));
      shownUpTo = message.seq;
    }
    log.scrollTop = log.scrollHeight;
  }

  function refreshForm(): void {
    // Students may write to the class or privately to a teacher; teachers to anyone.
    const current = to.value;
    const targets = [...room.participants.values()].filter((p) => p.id !== room.me && (room.isTeacher || p.role === Role.TEACHER));
    to.replaceChildren(h("option", { value: "" }, t("everyone")), ...targets.map((p) => h("option", { value: p.id }, p.name)));
    to.value = targets.some((p) => p.id === current) ? current : "";
    input.maxLength = room.limits.maxChatChars;
    // A teacher's mute of this one student says more than the lock on all of them, so it wins the note.
    const muted = !room.isTeacher && (room.participants.get(room.me)?.chatMuted ?? false);
    const blocked = muted || (room.locks.chatLocked && !room.isTeacher);
    const text = muted ? t("chatMuted") : blocked ? t("chatLocked") : "";
    if (note.textContent !== text) note.textContent = text;
    note.hidden = !blocked;
    note.dataset.reason = muted ? "muted" : "locked";
    input.disabled = blocked;
    submit.disabled = blocked;
    // A co-teacher made or unmade: the moderation controls follow the role without redrawing the log.
    actions.hidden = !room.isTeacher;
    for (const button of log.querySelectorAll<HTMLButtonElement>(".delete-message")) button.hidden = !room.isTeacher;
  }

  return { element, refresh, refreshForm };
}
