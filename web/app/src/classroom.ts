import { h, replace } from "./dom";
import { t } from "./i18n";
import { Board } from "./board/board";
import { boardView } from "./board/view";
import { chatView } from "./chat";
import { Connection, type Body, type Status } from "./connection";
import { participantsView } from "./participants";
import { RoomModel } from "./room";
import { forgetIdentity, saveIdentity, type Identity } from "./identity";
import { exposeForTests } from "./test-hook";

/**
 * Joins the class (or, after a reload, comes back as `identity`) and shows it: the connection feeds
 * the room model and the board; each part of the screen redraws itself when its slice of the state changes.
 */
export function enterClass(root: HTMLElement, roomId: string, token: string, name: string, onFirstWelcome: () => void, identity?: Identity): void {
  const room = new RoomModel();
  let board: Board;
  const banner = h("div", { class: "banner", role: "status", "aria-live": "assertive", hidden: true });
  const flash = h("p", { class: "flash", role: "alert", hidden: true });
  let entered = false;
  let everOnline = false;

  const connection = new Connection(roomId, token, {
    welcome(welcome, replace) {
      saveIdentity(roomId, { participantId: welcome.participantId, resumeToken: welcome.resumeToken, name, token });
      board.reset(welcome.participantId, welcome.room?.whiteboard, replace);
      // A resync only repairs the board: the room model never drifted, and the snapshot's shorter
      // chat tail would cut the history shown (and make the live region read it all again).
      if (replace) return;
      room.reset(welcome.room!, welcome.participantId, welcome.role);
      chat.refresh(true);
      if (!entered) {
        entered = true;
        show();
        onFirstWelcome();
      }
    },
    event(event) {
      room.apply(event);
      if (event.body.case === "whiteboard") board.applyRemote(event.body.value);
      const body = event.body;
      if (body.case === "disconnected" || body.case === "left" || body.case === "removed") board.forget(body.value.participantId);
    },
    ack() {},
    error(error, refused) {
      // The room refused a batch this replica already applied: take the room's board instead.
      if (refused === "whiteboard") connection.resync();
      flash.hidden = false;
      flash.textContent = t("refused", error.message || error.code);
      setTimeout(() => (flash.hidden = true), 4000);
    },
    liveStroke: (stroke) => board.liveStroke(stroke),
    cursor: (cursor) => board.cursor(cursor),
    status: (status) => showStatus(status),
  });
  const send = (body: Body) => connection.send(body);
  board = new Board("", (batch) => send({ case: "whiteboard", value: batch } as Body));

  const people = participantsView(room, send);
  const chat = chatView(room, send);
  const whiteboard = boardView(board, room, (body) => connection.sendEphemeral(body));
  const lockChat = h("input", { type: "checkbox", id: "lock-chat" });
  const mayDraw = h("input", { type: "checkbox", id: "students-may-draw" });
  const setLocks = () => send({ case: "setLocks", value: { locks: { chatLocked: lockChat.checked, studentsMayDraw: mayDraw.checked } } } as Body);
  lockChat.addEventListener("change", setLocks);
  mayDraw.addEventListener("change", setLocks);
  const teacherBar = h(
    "div",
    { class: "teacher-bar", role: "group" },
    h("label", null, lockChat, t("lockChat")),
    h("label", null, mayDraw, t("studentsMayDraw")),
  );
  const heading = h("h1", { class: "room-title" });

  room.onChange((change) => {
    if (change === "chat") chat.refresh();
    if (change === "participants" || change === "me") {
      people.refresh();
      chat.refreshForm();
    }
    if (change === "locks" || change === "me") {
      lockChat.checked = room.locks.chatLocked;
      mayDraw.checked = room.locks.studentsMayDraw;
      teacherBar.hidden = !room.isTeacher;
      chat.refreshForm();
      whiteboard.refresh();
    }
    heading.textContent = room.title;
    document.title = `${room.title} — Ardoise`;
  });
  board.onChange(() => whiteboard.refresh());

  function showStatus(status: Status): void {
    if (status === "online") {
      if (everOnline && !banner.hidden) {
        banner.textContent = t("reconnected");
        banner.dataset.state = "online";
        setTimeout(() => { if (banner.dataset.state === "online") banner.hidden = true; }, 2000);
      }
      everOnline = true;
      return;
    }
    if (status === "connecting" && !everOnline) return;
    if (status === "removed" || status === "gone") forgetIdentity(roomId);
    const text = { removed: t("removed"), replaced: t("replaced"), gone: t("notFound") }[status as string] ?? t("disconnected");
    if (status === "connecting" && banner.dataset.state === "offline") return;
    banner.hidden = false;
    banner.dataset.state = status === "connecting" || status === "offline" ? "offline" : "final";
    banner.textContent = text;
  }

  function show(): void {
    replace(
      root,
      banner,
      flash,
      h("header", { class: "room-header" }, heading, teacherBar),
      h("div", { class: "classroom" }, whiteboard.element, h("div", { class: "side" }, people.element, chat.element)),
    );
    whiteboard.refresh();
    document.body.dataset.screen = "classroom";
  }

  exposeForTests(() => ({ room, board, connection, banner }));
  if (identity) connection.resume(identity.participantId, identity.resumeToken, name);
  else connection.join(name);
}
