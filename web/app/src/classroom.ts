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
import { mediaControls } from "./media/controls";
import { videoGrid } from "./media/grid";
import { Publications } from "./media/publications";
import { mayPublish } from "./media/rights";
import { MediaSession } from "./media/session";
import { SpeakingMeter } from "./media/speaking";

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
      room.reset(welcome.room!, welcome.participantId, welcome.role, welcome.limits!);
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
      if (media.error(error)) return;
      // The room refused a batch this replica already applied: take the room's board instead.
      if (refused === "whiteboard") connection.resync();
      showFlash(t("refused", error.message || error.code));
    },
    liveStroke: (stroke) => board.liveStroke(stroke),
    cursor: (cursor) => board.cursor(cursor),
    media: (signal) => media.handle(signal),
    mediaState(state) {
      publications.set(state);
      mediaChanged();
    },
    status(status) {
      showStatus(status);
      // Every (re)connection is a new server session, hence a new media session.
      if (status === "online") media.start();
    },
  });
  const send = (body: Body) => connection.send(body);
  board = new Board("", (batch) => send({ case: "whiteboard", value: batch } as Body));

  const publications = new Publications();
  const media = new MediaSession(
    (body) => connection.sendMedia(body),
    (kind) => mayPublish(room.isTeacher, room.locks, kind),
    (refusal) => showFlash(t("mediaRefused", refusal.message)),
  );
  const speaking = new SpeakingMeter(() => {
    people.speaking();
    grid.markSpeaking();
  });
  const grid = videoGrid(media, publications, room, speaking.speaking);
  const controls = mediaControls(media, room, send);
  /** Published tracks, received tracks or our capture changed: the grid, the list and the speaking meters follow. */
  function mediaChanged(): void {
    const audible = new Set<string>();
    const mic = media.local.get("microphone");
    if (mic && room.me) {
      speaking.watch(room.me, mic);
      audible.add(room.me);
    }
    for (const r of media.received.values()) {
      const owner = publications.track(r.trackId)?.participantId;
      if (r.track.kind !== "audio" || !owner) continue;
      speaking.watch(owner, r.track);
      audible.add(owner);
    }
    speaking.retain(audible);
    grid.refresh();
    people.refresh();
    controls.refresh();
  }
  media.onChange((change) => (change === "phase" ? controls.refresh() : mediaChanged()));

  const people = participantsView(room, send, { publications, session: media, speaking: speaking.speaking });
  const chat = chatView(room, send);
  const whiteboard = boardView(board, room, (body) => connection.sendEphemeral(body));
  const lockChat = h("input", { type: "checkbox", id: "lock-chat" });
  const mayDraw = h("input", { type: "checkbox", id: "students-may-draw" });
  const mayMic = h("input", { type: "checkbox", id: "students-may-use-microphone" });
  const mayCam = h("input", { type: "checkbox", id: "students-may-use-camera" });
  const seeEachOther = h("input", { type: "checkbox", id: "students-see-each-other" });
  // SetLocks carries every lock: what is not this checkbox's stays as the room last said.
  const setLocks = () => send({ case: "setLocks", value: { locks: {
    chatLocked: lockChat.checked,
    studentsMayDraw: mayDraw.checked,
    studentsMayUseMicrophone: mayMic.checked,
    studentsMayUseCamera: mayCam.checked,
    studentsSeeEachOther: seeEachOther.checked,
  } } } as Body);
  for (const box of [lockChat, mayDraw, mayMic, mayCam, seeEachOther]) box.addEventListener("change", setLocks);
  const teacherBar = h(
    "div",
    { class: "teacher-bar", role: "group" },
    h("label", null, lockChat, t("lockChat")),
    h("label", null, mayDraw, t("studentsMayDraw")),
    h("label", null, mayMic, t("studentsMayUseMicrophone")),
    h("label", null, mayCam, t("studentsMayUseCamera")),
    h("label", null, seeEachOther, t("studentsSeeEachOther")),
  );
  const heading = h("h1", { class: "room-title" });

  room.onChange((change) => {
    if (change === "chat") chat.refresh();
    if (change === "participants" || change === "me") {
      people.refresh();
      chat.refreshForm();
      controls.refresh();
      grid.refresh();
    }
    if (change === "locks" || change === "me") {
      // A lock turned off (or no longer a teacher): what may not be sent stops at once.
      media.enforce();
      controls.refresh();
      lockChat.checked = room.locks.chatLocked;
      mayDraw.checked = room.locks.studentsMayDraw;
      mayMic.checked = room.locks.studentsMayUseMicrophone;
      mayCam.checked = room.locks.studentsMayUseCamera;
      seeEachOther.checked = room.locks.studentsSeeEachOther;
      teacherBar.hidden = !room.isTeacher;
      chat.refreshForm();
      whiteboard.refresh();
    }
    heading.textContent = room.title;
    document.title = `${room.title} — Ardoise`;
  });
  board.onChange(() => whiteboard.refresh());

  function showFlash(text: string): void {
    flash.hidden = false;
    flash.textContent = text;
    setTimeout(() => (flash.hidden = true), 4000);
  }

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
      controls.element,
      h("div", { class: "classroom" }, h("div", { class: "main-col" }, grid.element, whiteboard.element), h("div", { class: "side" }, people.element, chat.element)),
    );
    whiteboard.refresh();
    document.body.dataset.screen = "classroom";
  }

  exposeForTests(() => ({ room, board, connection, banner, media, publications, speaking, mediaStatus: controls.element }));
  if (identity) connection.resume(identity.participantId, identity.resumeToken, name);
  else connection.join(name);
}
