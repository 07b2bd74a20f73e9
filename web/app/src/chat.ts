import { SendHorizontal } from "lucide";
import { h } from "./dom";
import { icon } from "./ui/icon";
import { t } from "./i18n";
import { Role, type ChatMessage } from "./gen/ardoise/v1/room_pb";
import type { Body } from "./connection";
import type { RoomModel } from "./room";

/**
 * The chat log and its form. Text only ever goes through text nodes (dom.h), never innerHTML, so
 * `<img onerror=…>` in a message is shown, not run. New messages reach screen readers via the log's
 * aria-live region.
 */
export function chatView(room: RoomModel, send: (body: Body) => void): { element: HTMLElement; refresh(full?: boolean): void; refreshForm(): void } {
  const log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", "aria-labelledby": "chat-title", tabindex: 0 });
  const to = h("select", { id: "chat-to" });
  // Its maxlength is the server's, from the Welcome (refreshForm).
  const input = h("input", { id: "chat-text", autocomplete: "off" });
  const locked = h("p", { class: "hint", hidden: true }, t("chatLocked"));
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
  const element = h("section", { class: "chat tab-panel", "aria-labelledby": "chat-title" }, h("h2", { id: "chat-title", class: "visually-hidden" }, t("chat")), log, locked, form);
  let shown = 0;

  function line(message: ChatMessage): HTMLElement {
    const whisper = message.to
      ? h("span", { class: "private" }, ` [${message.to === room.me ? t("privateFrom") : t("privateTo", room.name(message.to))}]`)
      : null;
    return h("p", { "data-seq": String(message.seq), class: message.to ? "whisper" : "" }, h("strong", null, room.name(message.from)), whisper, ": ", h("span", { class: "text" }, message.text));
  }

  function refresh(full = false): void {
    // Appending only what is new keeps the live region from re-announcing the whole history.
    if (full) {
      log.replaceChildren();
      shown = 0;
    }
    for (const message of room.chat.slice(shown)) log.appendChild(line(message));
    shown = room.chat.length;
    log.scrollTop = log.scrollHeight;
  }

  function refreshForm(): void {
    // Students may write to the class or privately to a teacher; teachers to anyone.
    const current = to.value;
    const targets = [...room.participants.values()].filter((p) => p.id !== room.me && (room.isTeacher || p.role === Role.TEACHER));
    to.replaceChildren(h("option", { value: "" }, t("everyone")), ...targets.map((p) => h("option", { value: p.id }, p.name)));
    to.value = targets.some((p) => p.id === current) ? current : "";
    input.maxLength = room.limits.maxChatChars;
    const blocked = room.locks.chatLocked && !room.isTeacher;
    locked.hidden = !blocked;
    input.disabled = blocked;
    submit.disabled = blocked;
  }

  return { element, refresh, refreshForm };
}
