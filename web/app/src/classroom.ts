import { create } from "@bufbuild/protobuf";
import { DoorOpen, Hand, MessageSquare, MicOff } from "lucide";
import { h, replace } from "./dom";
import { refusalText, t } from "./i18n";
import { Board } from "./board/board";
import { Pictures } from "./board/pictures";
import { boardView } from "./board/view";
import { breakoutsView } from "./breakouts";
import { chatView } from "./chat";
import { classSettings } from "./class-settings";
import { inviteDialog } from "./invite";
import { classTimer } from "./class-timer";
import { recordingView } from "./recording";
import { Connection, type Body, type Status } from "./connection";
import { controlBar } from "./control-bar";
import { participantsView } from "./participants";
import { pollsView } from "./polls";
import { reactions } from "./reactions";
import { RoomModel } from "./room";
import { PresentationSchema, type Role, type RoomEvent } from "./gen/ardoise/v1/room_pb";
import { forgetIdentity, loadIdentity, saveIdentity, type Identity } from "./identity";
import { leaveUrl } from "./arrival";
import { showScreen, type Screen } from "./screens";
import { bindShortcuts } from "./shortcuts";
import { sidePanel } from "./side-panel";
import { exposeForTests } from "./test-hook";
import { mediaControls } from "./media/controls";
import { videoGrid } from "./media/grid";
import { Publications } from "./media/publications";
import { mayPublish } from "./media/rights";
import { MediaSession } from "./media/session";
import { SpeakingMeter } from "./media/speaking";
import { icon } from "./ui/icon";
import { chime, Toasts } from "./ui/toasts";
import { showWaitingCard } from "./waiting-card";
import { waitingQueue } from "./waiting-queue";

/** What to switch on once in the class, as chosen before joining. */
export interface StartWith {
  microphone: boolean;
  camera: boolean;
}

// Close reasons that end the class for this page, and the screen each one gets.
const FINAL_SCREENS: Partial<Record<Status, Screen>> = { removed: "removed", gone: "ended", replaced: "replaced", ended: "ended", revoked: "revoked-link", refused: "refused" };

/**
 * Joins the class (or, after a reload, comes back as `identity`) and shows it full screen: the board
 * first, the videos under it, the side panel, the control bar. The connection feeds the room model
 * and the board; each part of the screen redraws itself when its slice of the state changes.
 */
export function enterClass(root: HTMLElement, roomId: string, token: string, name: string,
  options: { identity?: Identity; start: StartWith; waiting?: (text: string) => void; linkRole?: Role; title?: string;
    /** In a breakout group: the class to come back to, and the link this page came into it with. */
    breakout?: { classId: string; classToken: string } }): void {
  const room = new RoomModel();
  // The link this page stands on: it changes when this teacher renews it (followRenewedLink).
  let link = token;
  let board: Board;
  const banner = h("div", { class: "banner", role: "status", "aria-live": "assertive", hidden: true });
  const flash = h("p", { class: "flash", role: "alert", hidden: true });
  const toasts = new Toasts();
  let entered = false;
  let everOnline = false;
  let started = false;
  // Shown while a teacher has not let this student in yet (the class admits students one by one).
  let waitingCard: { say(text: string): void } | undefined;

  const connection = new Connection(roomId, token, {
    welcome(welcome, replace) {
      saveIdentity(roomId, { participantId: welcome.participantId, resumeToken: welcome.resumeToken, name, token: link });
      board.reset(welcome.participantId, welcome.room?.whiteboard, replace);
      // A resync only repairs the board: the room model never drifted, and the snapshot's shorter
      // chat tail would cut the history shown (and make the live region read it all again).
      if (replace) return;
      const before = room.chat.length;
      room.reset(welcome.room!, welcome.participantId, welcome.role, welcome.limits!);
      chat.refresh(true);
      if (entered && room.chat.length > before) panel.noteMessages(room.chat.length - before);
      if (!entered) {
        entered = true;
        show();
      }
      whiteboard.presenting.received(welcome.room!.presentation, true);
    },
    event(event) {
      const body = event.body;
      notify(event);
      room.apply(event);
      if (body.case === "whiteboard") board.applyRemote(body.value);
      if (body.case === "presentationChanged") {
        whiteboard.presenting.received(create(PresentationSchema, { pageId: body.value.pageId, view: body.value.view, presenter: event.author }));
      }
      if (body.case === "disconnected" || body.case === "left" || body.case === "removed") board.forget(body.value.participantId);
    },
    liveBatch(event) {
      if (event.body.case === "whiteboard") board.applyRemote(event.body.value);
    },
    ack: (ack) => polls.acked(ack.clientSeq),
    error(error, refused) {
      if (media.error(error)) return;
      // Refused at the door: the class is full or takes no one new, or the link stopped working between the
      // check and the join. A closed class closes the link next (4006), which would otherwise read "refused".
      const door = { room_full: "full", class_closed: "closed", bad_token: "invalid-link" } as const;
      if (!entered && Object.hasOwn(door, error.code)) {
        connection.leave();
        const screen = door[error.code as keyof typeof door];
        showScreen(root, screen, screen === "invalid-link" ? undefined : { label: t("tryAgain"), run: () => location.reload() });
        return;
      }
      // The room refused a batch this replica already applied: take the room's board instead.
      if (refused === "whiteboard") connection.resync();
      // A page turn that lost a race (the page removed meanwhile): the teacher's board stays as it is.
      if (refused === "present") {
        console.warn("presenting refused:", error.code, error.message);
        return;
      }
      // The code says what happened in the page's language; the server's message is for developers, in the console.
      console.warn("refused:", error.code, error.message);
      showFlash(refusalText(error.code));
    },
    liveStroke: (stroke) => board.liveStroke(stroke),
    cursor: (cursor) => board.cursor(cursor),
    media: (signal) => media.handle(signal),
    reaction: (reaction) => fx.show(reaction),
    pollResults: (tally) => room.setTally(tally),
    presence: (presence) => room.setPresence(presence.connected),
    presentation: (presentation) => whiteboard.presenting.received(presentation),
    goToBreakout(go) {
      if (go.groupId === roomId) return;
      moveTo(go.groupId, go.token, { classId: options.breakout?.classId ?? roomId, classToken: options.breakout?.classToken ?? link });
    },
    breakoutOver: () => backToClass(),
    newLink(renewed) {
      settings.showNewLink(renewed);
      if (renewed.role === options.linkRole) followRenewedLink(renewed.token);
    },
    mediaState(state) {
      publications.set(state);
      mediaChanged();
    },
    status(status) {
      // Sent to another room: the frame that said where came first, and this page is already going there.
      if (status === "moved") return;
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
    followPresenter();
    people.refresh();
    fx.mark();
    controls.refresh();
  }
  media.onChange((change) => {
    if (change === "phase") {
      controls.refresh();
      startDevices();
    } else mediaChanged();
  });

  /** Once, when media first works: what the person chose before joining, as far as the class allows. */
  function startDevices(): void {
    if (started || media.phase !== "joined") return;
    started = true;
    for (const kind of ["microphone", "camera"] as const) {
      if (options.start[kind] && mayPublish(room.isTeacher, room.locks, kind)) void media.turnOn(kind);
    }
  }

  const people = participantsView(room, send, { publications, session: media, speaking: speaking.speaking });
  const chat = chatView(room, send);
  const panel = sidePanel(people.element, chat.element);
  board.pictures = new Pictures((hash) => `/api/v1/rooms/${encodeURIComponent(roomId)}/blobs/${hash}`, () => link, () => board.changed());
  const whiteboard = boardView(board, room, (body) => connection.sendEphemeral(body), { roomId, token: () => link }, send);
  const settings = classSettings(room, roomId, send, controls.devices, () => link);
  const invitation = inviteDialog(room, roomId, () => link);
  const fx = reactions(room, (body) => connection.sendEphemeral(body), people.element);
  const queue = waitingQueue(room, send);
  const polls = pollsView(room, roomId, (body) => connection.send(body));
  const timer = classTimer(room, send);
  const recording = recordingView(room, send);
  const breakouts = breakoutsView(room, send, () => backToClass());
  // Those waiting come first: a teacher should not have to scroll past the class to let someone in.
  people.element.insertBefore(queue.element, people.element.querySelector(".panel-actions"));
  people.element.querySelector(".panel-actions")?.prepend(invitation.button);
  // The teachers' tally sits at the top of the list it counts.
  people.element.insertBefore(fx.tally, people.element.querySelector(".participants"));
  const bar = controlBar(controls.buttons, controls.notes, [fx.control, polls.control, timer.control, recording.control, breakouts.control]);
  const stage = h("div", { class: "stage", "data-view": "board" }, whiteboard.element, grid.presenter, fx.bubbles, polls.card);
  const heading = h("h1", { class: "room-title" });
  const conn = h("span", { class: "conn", "data-state": "online" }, t("online"));

  // The board is the default; a new screen share from someone else brings the presenter view, as
  // meeting tools do, and the person can switch back. Only a new share switches, never a redraw.
  let view: "board" | "presenter" = "board";
  let followed: string | undefined;
  function setView(next: "board" | "presenter"): void {
    view = next === "presenter" && grid.main() ? "presenter" : "board";
    stage.dataset.view = view;
    grid.present(view === "presenter");
    bar.setView(view, grid.main() !== undefined);
    if (view === "board") whiteboard.refresh();
  }
  function followPresenter(): void {
    const main = grid.main();
    if (main?.screen && !main.local && main.key !== followed) {
      followed = main.key;
      setView("presenter");
    } else if (!main && view === "presenter") setView("board");
    else bar.setView(view, main !== undefined);
  }
  bar.view.addEventListener("click", () => setView(view === "board" ? "presenter" : "board"));
  bar.hand.addEventListener("click", () => {
    const mine = room.participants.get(room.me);
    send(mine?.handRaised ? { case: "lowerHand", value: { participantId: "" } } as Body : { case: "raiseHand", value: {} } as Body);
  });
  bar.participants.addEventListener("click", () => panel.toggle("participants"));
  bar.chat.addEventListener("click", () => panel.toggle("chat"));
  bar.settings.addEventListener("click", () => settings.open());
  bar.leave.addEventListener("click", leave);
  // Notices stand beside the open panel (above the sheet on a phone), never over its chat field and send button.
  const placeToasts = () => (toasts.element.dataset.panel = panel.element.hidden ? "closed" : "open");
  placeToasts();
  panel.onChange(() => {
    bar.setPanels({ participants: panel.showing("participants"), chat: panel.showing("chat") }, panel.unread());
    placeToasts();
  });
  bindShortcuts({
    microphone: controls.buttons.get("microphone"), camera: controls.buttons.get("camera"), screen: controls.buttons.get("screen"),
    hand: bar.hand, reactions: fx.button, participants: bar.participants, chat: bar.chat, view: bar.view, settings: bar.settings, leave: bar.leave,
  });

  room.onChange((change) => {
    if (change === "chat") chat.refresh();
    if (change === "participants" || change === "me") {
      people.refresh();
      invitation.refresh();
      fx.mark();
      chat.refreshForm();
      controls.refresh();
      grid.refresh();
      panel.setPeople(room.connectedCount);
      bar.setHand(room.participants.get(room.me)?.handRaised ?? false);
    }
    if (change === "waiting" || change === "me") {
      queue.refresh();
      const waiting = room.isTeacher ? room.waiting.length : 0;
      panel.setWaiting(waiting);
      bar.setWaiting(waiting);
    }
    if (change === "entry") settings.refresh();
    if (change === "polls" || change === "me") polls.refresh();
    if (change === "timer" || change === "me") timer.refresh();
    if (change === "recording" || change === "me") recording.refresh();
    if (change === "breakout" || change === "me" || change === "participants") breakouts.refresh();
    // A student moved from one group to another stays away from the class: the list names the new group.
    if (change === "breakout") people.refresh();
    if (change === "locks" || change === "me") {
      // A lock turned off (or no longer a teacher): what may not be sent stops at once.
      media.enforce();
      controls.refresh();
      settings.refresh();
      bar.settings.hidden = false;
      chat.refreshForm();
      whiteboard.refresh();
    }
    heading.textContent = room.title;
    document.title = `${room.title} — Ardoise`;
  });
  board.onChange(() => whiteboard.refresh());

  /** What deserves a notice, read before the room model applies it (a name may be about to leave). */
  function notify(event: RoomEvent): void {
    const body = event.body;
    if (!entered) return;
    if (body.case === "admitted") body.value.participants.forEach((p) => toasts.dismiss(`waiting-${p.participantId}`));
    if (body.case === "refused") body.value.participantIds.forEach((id) => toasts.dismiss(`waiting-${id}`));
    if (body.case === "waitingLeft") toasts.dismiss(`waiting-${body.value.participantId}`);
    if (body.case === "waiting" && body.value.participant) {
      const who = body.value.participant.participantId;
      toasts.show(t("waitsToEnter", body.value.participant.name), {
        icon: icon(DoorOpen), key: `waiting-${who}`, ms: 10_000,
        action: { label: t("admit"), run: () => send({ case: "admit", value: { participantIds: [who] } } as Body) },
      });
    }
    if (body.case === "handLowered" || body.case === "allHandsLowered") toasts.dismiss(body.case === "handLowered" ? `hand-${body.value.participantId}` : "hand-");
    if (body.case === "handRaised" && room.isTeacher && body.value.participantId !== room.me) {
      const who = body.value.participantId;
      toasts.show(t("handRaisedBy", room.name(who)), {
        icon: icon(Hand), key: `hand-${who}`, ms: 10_000,
        action: { label: t("lowerIt"), run: () => send({ case: "lowerHand", value: { participantId: who } } as Body) },
      });
      if (settings.handSound()) chime();
    }
    if (body.case === "chat" && event.author !== room.me) {
      panel.noteMessages(1);
      if (body.value.to === room.me && !panel.showing("chat")) toasts.show(t("privateMessageFrom", room.name(event.author)), { icon: icon(MessageSquare) });
    }
    if (body.case === "mediaMuted" && body.value.participantId === room.me && body.value.muted) {
      toasts.show(t("youWereMuted"), { icon: icon(MicOff), tone: "problem", key: "muted" });
    }
  }

  function showFlash(text: string): void {
    flash.hidden = false;
    flash.textContent = text;
    setTimeout(() => (flash.hidden = true), 4000);
  }

  function showStatus(status: Status): void {
    conn.dataset.state = status === "online" ? "online" : "offline";
    conn.textContent = status === "online" ? t("online") : t("reconnecting");
    if (status === "online") {
      if (everOnline && !banner.hidden) {
        banner.textContent = t("reconnected");
        banner.dataset.state = "online";
        setTimeout(() => { if (banner.dataset.state === "online") banner.hidden = true; }, 2000);
      }
      everOnline = true;
      return;
    }
    // A class that disappears before the first Welcome was never there for this person.
    const final = status === "gone" && !entered ? "unknown-class" : FINAL_SCREENS[status];
    // Admitted by a teacher first: the waiting card stays until the Welcome comes (or the refusal).
    if (status === "waiting") {
      if (waitingCard) waitingCard.say("");
      else waitingCard = showWaitingCard(root, options.title ?? "", leave);
      return;
    }
    // Not in yet: the join page (or the waiting card) says the class does not answer (the client keeps
    // trying) rather than "connecting…" for ever.
    if (!everOnline && !final) {
      if (status === "offline") (waitingCard?.say ?? options.waiting)?.(t("stillTrying"));
      return;
    }
    if (final) {
      if (status !== "replaced") forgetIdentity(roomId);
      stopMedia();
      const away = leaveUrl(roomId);
      // An ended class can be watched again, by its teachers and, when they allow it, its students.
      const replay = status === "ended" && (room.isTeacher || room.locks.studentsMayReplay);
      showScreen(root, final, status === "replaced" ? { label: t("useHere"), run: () => location.reload() }
        : away ? { label: t("goBack"), run: () => location.assign(away) }
        : replay ? { label: t("openReplay"), run: () => location.assign(`/c/${encodeURIComponent(roomId)}/replay#${link}`) } : undefined);
      return;
    }
    if (status === "connecting" && banner.dataset.state === "offline") return;
    banner.hidden = false;
    banner.dataset.state = "offline";
    banner.textContent = t("disconnected");
  }

  /**
   * This teacher renewed the very link this page came in through: the page goes on with the new one, so
   * that a reconnection or a reload is not refused as a replaced link.
   */
  function followRenewedLink(renewed: string): void {
    const known = loadIdentity(roomId, link);
    link = renewed;
    connection.relink(renewed);
    if (known) saveIdentity(roomId, { ...known, token: renewed });
    history.replaceState(history.state, "", `#${renewed}`);
  }

  /**
   * Into a breakout group (or, for a teacher, from one group to another): this page leaves the room's WebSocket
   * without leaving the room, and enters the group with the token its session signed.
   */
  function moveTo(groupId: string, groupToken: string, breakout: { classId: string; classToken: string }): void {
    stopMedia();
    connection.detach();
    breakouts.dialog.close();
    if (options.breakout) forgetIdentity(roomId);
    enterClass(root, groupId, groupToken, name, { start: options.start, breakout, title: options.title });
  }

  /** Out of a breakout group: back to the class, resumed as the same participant. */
  function backToClass(): void {
    const home = options.breakout;
    if (!home) return;
    stopMedia();
    connection.detach();
    forgetIdentity(roomId);
    enterClass(root, home.classId, home.classToken, name,
      { identity: loadIdentity(home.classId, home.classToken), start: options.start, linkRole: options.linkRole });
  }

  function stopMedia(): void {
    for (const kind of [...media.local.keys()]) media.turnOff(kind);
  }

  function leave(): void {
    stopMedia();
    connection.leave();
    forgetIdentity(roomId);
    // Sent here by an LMS: leaving goes back there, as BigBlueButton's logoutURL does.
    const away = leaveUrl(roomId);
    if (away) location.assign(away);
    else showScreen(root, "left", { label: t("rejoin"), run: () => location.reload() });
  }

  function show(): void {
    replace(
      root,
      h("div", { class: "room" },
        h("header", { class: "room-top" }, heading, breakouts.banner, recording.indicator, timer.display, conn),
        h("main", { class: "room-main" }, stage, grid.element),
        panel.element,
        bar.element),
      banner,
      flash,
      toasts.element,
      settings.element,
      invitation.dialog,
      polls.dialog,
      timer.dialog,
      breakouts.dialog,
    );
    whiteboard.refresh();
    setView(view);
    document.body.dataset.screen = "classroom";
  }

  exposeForTests(() => ({ room, board, presenting: whiteboard.presenting, connection, banner, media, publications, speaking, mediaStatus: controls.notes }));
  if (options.identity) connection.resume(options.identity.participantId, options.identity.resumeToken, name);
  else connection.join(name);
}
