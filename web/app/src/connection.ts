import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ClientFrameSchema,
  ServerFrameSchema,
  type Ack,
  type BreakoutOver,
  type GoToBreakout,
  type ClientFrame,
  type Error as WireError,
  type NewLink,
  type Presence,
  type Reaction,
  type ServerFrame,
  type Welcome,
} from "./gen/ardoise/v1/wire_pb";
import type { PollTally, Presentation, RoomEvent } from "./gen/ardoise/v1/room_pb";
import type { Cursor, LiveStroke } from "./gen/ardoise/v1/whiteboard_pb";
import type { MediaSignal, MediaState } from "./gen/ardoise/v1/media_pb";
import { LiveBatches } from "./live-batches";
import { sendAgainAfterMs, UNAVAILABLE } from "./send-again";

export type Body = ClientFrame["body"];
export type Status =
  | "connecting"
  | "online"
  | "offline"
  | "waiting"
  | "removed"
  | "replaced"
  | "gone"
  | "ended"
  | "revoked"
  | "refused"
  | "moved";

export interface Handlers {
  /** `replace`: the answer to resync(), to be taken as is rather than merged. */
  welcome(welcome: Welcome, replace: boolean): void;
  event(event: RoomEvent): void;
  /** Another participant's whiteboard batch before its write (WHITEBOARD.md, "Live batches"); its event follows. */
  liveBatch(event: RoomEvent): void;
  ack(ack: Ack): void;
  /** `refused`: what the frame the error answers was doing, when it was one of ours. */
  error(error: WireError, refused: Body["case"] | undefined): void;
  liveStroke(stroke: LiveStroke): void;
  cursor(cursor: Cursor): void;
  /** Anyone's reaction, our own included (the room sets its client_id). Optional until the classroom shows them. */
  reaction?(reaction: Reaction): void;
  /** The link that replaces one this teacher renewed (RenewLink). Optional until the classroom offers renewing. */
  newLink?(link: NewLink): void;
  /** Go to this breakout group (its token signed in), or, in a group, back to the class. */
  goToBreakout?(go: GoToBreakout): void;
  breakoutOver?(over: BreakoutOver): void;
  /** A teacher's live tally of a poll, after each answer. */
  pollResults?(tally: PollTally): void;
  /** A presenting teacher's view on the move (not written: the room relays it). */
  presentation?(presentation: Presentation): void;
  /** In a lecture, to a student: how many are connected now. */
  presence?(presence: Presence): void;
  media(signal: MediaSignal): void;
  mediaState(state: MediaState): void;
  status(status: Status): void;
}

// Close codes of protocol/.../CloseCode.java that say "do not come back".
const FINAL: Record<number, Status> = { 4003: "removed", 4009: "replaced", 4004: "gone", 4005: "ended", 4006: "refused", 4013: "moved" };
/** The server is being drained (CloseCode.RECONNECT): its classes already run elsewhere. */
const DRAINED = 4012;
const PING_EVERY_MS = 15_000;
// No frame at all for this long (pongs included) means the link is dead even if no close came.
const SILENCE_MS = 40_000;
// An action unanswered this long on a live link was lost on the way: its class's node was cut off from this
// one, say, and the class went on elsewhere. Resuming sends it again (unless the replay shows it written).
const UNANSWERED_MS = 20_000;
const CHECK_EVERY_MS = 5_000;

/**
 * One participant's link to the room: join once (or resume after a page reload), then resume after
 * every drop (backoff with jitter), replaying what was missed. Events at or below lastSeq are
 * ignored, so a replay that overlaps what was already applied never shows anything twice.
 */
export class Connection {
  lastSeq = 0n;
  participantId = "";
  private resumeToken = "";
  private clientSeq = 0n;
  private socket: WebSocket | undefined;
  private ready = false;
  private attempt = 0;
  private final = false;
  private queue: ClientFrame[] = [];
  // Sent but not yet answered; after a drop they may or may not have reached the room.
  private inflight = new Map<bigint, ClientFrame>();
  // client_message_ids (and whiteboard op ids) the replay or snapshot showed as ours: persisted, so
  // not to be sent again (the room would refuse a shape created twice).
  private ownChat = new Set<string>();
  private ownOps = new Set<string>();
  // Unique per page load (no secure context needed, unlike randomUUID), then a counter.
  private readonly chatPrefix = Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36)).join("");
  private chatCount = 0;
  // After a reload nothing is in memory: events mean nothing until a whole snapshot arrives.
  private awaitingSnapshot = false;
  private resyncing = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pinger: ReturnType<typeof setInterval> | undefined;
  /** When each numbered action last went on the link. */
  private sentAt = new WeakMap<ClientFrame, number>();
  /** How many times each action was answered `unavailable` (send-again.ts). */
  private unavailable = new WeakMap<ClientFrame, number>();
  private lastHeard = 0;
  private resumeSeq = -1n;
  private resyncSeq = -1n;
  private displayName = "";
  private readonly live = new LiveBatches();

  constructor(private readonly roomId: string, private token: string, private readonly on: Handlers) {
    // The browser knows before the socket does: drop at once when offline, retry at once when back.
    addEventListener("offline", () => this.socket?.close(4000, "offline"));
    addEventListener("online", () => {
      if (!this.socket && !this.final && this.participantId) this.reconnectNow();
    });
  }

  join(displayName: string): void {
    this.displayName = displayName;
    this.open(create(ClientFrameSchema, { body: { case: "join", value: { token: this.token, displayName, writtenMarks: true } } }));
  }

  /**
   * After a page reload: the same participant comes back. Resume with last_seq 0 may be answered by a
   * replay this client cannot apply (it has no snapshot), so a Resync follows at once and everything
   * before its Welcome is ignored.
   */
  resume(participantId: string, resumeToken: string, displayName: string): void {
    this.participantId = participantId;
    this.resumeToken = resumeToken;
    this.displayName = displayName;
    this.awaitingSnapshot = true;
    this.reconnectNow();
  }

  /**
   * This page's own link was just renewed (by this teacher): the node refuses the old one at the door
   * from now on, so every later connection opens with the new one. The open one goes on as it is.
   */
  relink(token: string): void {
    this.token = token;
  }

  /** The whole room again, replacing the replica (after a refused whiteboard batch: it drifted). */
  resync(): void {
    if (!this.ready || this.resyncing) return;
    this.resyncing = true;
    this.write(this.resyncFrame());
  }

  /** A room-changing action: numbered, queued while disconnected, answered by Ack or Error. */
  send(body: Body): bigint {
    if (body.case === "chat" && !body.value.clientMessageId) {
      body = { case: "chat", value: { ...body.value, clientMessageId: `${this.chatPrefix}-${++this.chatCount}` } } as Body;
    }
    this.clientSeq += 1n;
    const frame = create(ClientFrameSchema, { clientSeq: this.clientSeq, body });
    this.inflight.set(this.clientSeq, frame);
    if (this.ready) this.write(frame);
    else this.queue.push(frame);
    return this.clientSeq;
  }

  /**
   * Media signalling: numbered (a refused offer's Error names it) but never queued nor sent again
   * after a drop, since a new link means a new media session with new peer connections. Returns the
   * client_seq, or undefined when there is no link to send it on.
   */
  sendMedia(body: Body): bigint | undefined {
    if (!this.ready) return undefined;
    this.clientSeq += 1n;
    this.write(create(ClientFrameSchema, { clientSeq: this.clientSeq, body }));
    return this.clientSeq;
  }

  /** Live strokes, cursors and reactions: worthless later, so simply dropped when not connected. */
  sendEphemeral(body: Body): void {
    if (this.ready) this.write(create(ClientFrameSchema, { body }));
  }

  /**
   * Leaves for good: the room hears Leave (so the others see "left" at once, not after the absence
   * timeout, and a teacher's queue loses a waiting student), and this client never resumes. Sent on an
   * open link only: offline, the room notices alone.
   */
  leave(): void {
    this.final = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.socket?.readyState === WebSocket.OPEN) this.write(create(ClientFrameSchema, { body: { case: "leave", value: {} } }));
    const socket = this.socket;
    this.socket = undefined;
    this.ready = false;
    socket?.close(1000, "left");
  }

  /**
   * Goes to another room (a breakout group, or back to the class) without leaving this one: the room keeps us on
   * its roster, so coming back resumes. This link never resumes by itself again.
   */
  detach(): void {
    this.final = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    const socket = this.socket;
    this.socket = undefined;
    this.ready = false;
    socket?.close(1000, "moved");
  }

  /** For tests: what a network cut looks like from the client (no close handshake reaches us). */
  drop(): void {
    this.socket?.close(4000, "test drop");
  }

  private open(first: ClientFrame, then?: ClientFrame): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    // With our resume token, a link renewed since we came in through it still lets us back in to resume (README).
    const resume = this.resumeToken ? `&resume=${encodeURIComponent(this.resumeToken)}` : "";
    const url = `${scheme}://${location.host}/ws/rooms/${encodeURIComponent(this.roomId)}?token=${encodeURIComponent(this.token)}${resume}`;
    const socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.on.status("connecting");
    socket.onopen = () => {
      this.lastHeard = Date.now();
      socket.send(toBinary(ClientFrameSchema, first));
      if (then) socket.send(toBinary(ClientFrameSchema, then));
    };
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.lastHeard = Date.now();
      this.receive(fromBinary(ServerFrameSchema, new Uint8Array(message.data as ArrayBuffer)));
    };
    socket.onclose = (close) => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      this.ready = false;
      clearInterval(this.pinger);
      const final = FINAL[close.code];
      if (final) {
        this.final = true;
        this.on.status(final);
        return;
      }
      this.on.status("offline");
      if (close.code === DRAINED) {
        // A planned drain: the other nodes are healthy and this one no longer listens, so come back at
        // once, with a little jitter so that the whole node's clients do not arrive in the same instant.
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reconnectNow(), Math.random() * 100);
        return;
      }
      this.scheduleReconnect();
    };
  }

  private receive(frame: ServerFrame): void {
    // A written mark comes before its frame's body: the live batches it settles were written as we saw them.
    if (frame.writtenThrough > 0n && !this.awaitingSnapshot) {
      this.live.confirmed(frame.writtenThrough);
      if (frame.writtenThrough > this.lastSeq) this.lastSeq = frame.writtenThrough;
    }
    const body = frame.body;
    switch (body.case) {
      case "welcome": {
        // A new participant starts over: nothing sent before belongs to it.
        if (this.participantId !== body.value.participantId) this.inflight.clear();
        else if (!this.ready) {
          // A whole snapshot instead of a replay: its chat tells which of our messages got in.
          for (const message of body.value.room?.chat ?? []) {
            if (message.from === this.participantId && message.clientMessageId) this.ownChat.add(message.clientMessageId);
          }
        }
        // Only a Welcome on the link the Resync went out on answers it (see online() for a drop in between).
        const replace = this.resyncing && this.ready;
        if (replace) this.resyncing = false;
        this.awaitingSnapshot = false;
        this.participantId = body.value.participantId;
        this.resumeToken = body.value.resumeToken;
        this.lastSeq = body.value.lastSeq;
        const kept = this.live.snapshot(body.value.lastSeq, replace) && this.live.accepted(body.value.acceptedSeq);
        this.on.welcome(body.value, replace);
        // A Resync's Welcome while online changes no queue: what was sent before it is in the snapshot.
        if (!this.ready) this.online();
        if (!kept) this.heal();
        break;
      }
      case "event":
        this.applyEvent(body.value);
        break;
      // What one journal write carried, in seq order: the same as that many "event" frames.
      case "events":
        body.value.events.forEach((event) => this.applyEvent(event));
        break;
      case "ack": {
        // Only the Ack ending a catch-up carries it: what the room accepted, so what was seen live and lost.
        const kept = body.value.acceptedSeq === 0n || this.live.accepted(body.value.acceptedSeq);
        // The Ack of our Resume: the replay is complete (after a reload, the Resync's Welcome is awaited).
        if (body.value.clientSeq === this.resumeSeq && !this.ready) {
          if (!this.awaitingSnapshot) this.online();
        } else {
          this.inflight.delete(body.value.clientSeq);
          this.on.ack(body.value);
        }
        if (!kept) this.heal();
        break;
      }
      case "error":
        // The link was renewed: neither this link nor a rejoin with it will ever work again.
        if (body.value.code === "link_revoked") {
          this.final = true;
          this.socket?.close(1000, "link revoked");
          this.socket = undefined;
          this.on.status("revoked");
          return;
        }
        if (body.value.clientSeq === this.resumeSeq && !this.ready) {
          // The resume was refused (token expired, participant forgotten): come back as a new participant.
          this.socket?.close(1000, "rejoin");
          this.socket = undefined;
          this.awaitingSnapshot = false;
          this.join(this.displayName);
          return;
        }
        if (body.value.clientSeq === this.resyncSeq) {
          this.resyncing = false;
          // The room answers three Resyncs at once, then one a second: still drifted, ask again once it lets us.
          if (body.value.code === "rate_limited") setTimeout(() => this.resync(), 1_000);
          return;
        }
        if (body.value.code === UNAVAILABLE && this.sendAgainLater(body.value.clientSeq)) return;
        const refused = this.inflight.get(body.value.clientSeq)?.body.case;
        this.inflight.delete(body.value.clientSeq);
        this.on.error(body.value, refused);
        break;
      case "liveBatch":
        if (!this.awaitingSnapshot && this.live.received(body.value, this.lastSeq)) this.on.liveBatch(body.value);
        break;
      case "liveStroke":
        this.on.liveStroke(body.value);
        break;
      case "cursor":
        this.on.cursor(body.value);
        break;
      case "reaction":
        this.on.reaction?.(body.value);
        break;
      case "media":
        this.on.media(body.value);
        break;
      case "mediaState":
        this.on.mediaState(body.value);
        break;
      case "newLink":
        this.on.newLink?.(body.value);
        break;
      // In the waiting room (the class admits students one by one): nothing of the class until the Welcome
      // a teacher's admission brings. A drop meanwhile joins again, at the back of the queue.
      case "waiting":
        this.on.status("waiting");
        break;
      case "pollResults":
        this.on.pollResults?.(body.value);
        break;
      case "presentation":
        this.on.presentation?.(body.value);
        break;
      case "goToBreakout":
        this.on.goToBreakout?.(body.value);
        break;
      case "breakoutOver":
        this.on.breakoutOver?.(body.value);
        break;
      case "presence":
        this.on.presence?.(body.value);
        break;
      case "pong":
        break;
    }
  }

  private applyEvent(event: RoomEvent): void {
    if (this.awaitingSnapshot || event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    if (!this.live.written(event)) this.heal();
    if (!this.ready && event.author === this.participantId) {
      const body = event.body;
      if (body.case === "chat" && body.value.clientMessageId) this.ownChat.add(body.value.clientMessageId);
      if (body.case === "whiteboard") body.value.ops.forEach((op) => this.ownOps.add(op.id));
    }
    this.on.event(event);
  }

  private online(): void {
    this.ready = true;
    this.attempt = 0;
    this.on.status("online");
    // Unanswered frames go again, except chat messages and whiteboard batches the replay showed
    // (by client_message_id and op ids); hands and locks are idempotent.
    const queuedSeqs = new Set(this.queue.map((frame) => frame.clientSeq));
    const unanswered = [...this.inflight.values()].filter((frame) => !queuedSeqs.has(frame.clientSeq) && !this.replayed(frame));
    const queued = [...unanswered, ...this.queue].sort((a, b) => (a.clientSeq < b.clientSeq ? -1 : 1));
    this.queue = [];
    this.ownChat.clear();
    this.ownOps.clear();
    queued.forEach((frame) => this.write(frame));
    // The link dropped before the Resync was answered: the replica is still drifted, ask again.
    if (this.resyncing) {
      this.resyncing = false;
      this.resync();
    }
    clearInterval(this.pinger);
    let pinged = Date.now();
    this.pinger = setInterval(() => {
      const now = Date.now();
      if (now - this.lastHeard > SILENCE_MS) this.socket?.close(4000, "silent");
      else if ([...this.inflight.values()].some((frame) => now - (this.sentAt.get(frame) ?? now) > UNANSWERED_MS)) this.socket?.close(4000, "unanswered");
      else if (now - pinged >= PING_EVERY_MS) {
        pinged = now;
        this.write(create(ClientFrameSchema, { body: { case: "ping", value: { nonce: BigInt(now) } } }));
      }
    }, CHECK_EVERY_MS);
  }

  /**
   * The class was moving and did not apply this action: the same frame goes again shortly, unless a new link has
   * sent it meanwhile (online() sends every unanswered action). False when it has been tried enough.
   */
  private sendAgainLater(clientSeq: bigint): boolean {
    const frame = this.inflight.get(clientSeq);
    const tries = frame ? (this.unavailable.get(frame) ?? 0) : 0;
    const delay = frame ? sendAgainAfterMs(tries) : undefined;
    if (!frame || delay === undefined) return false;
    this.unavailable.set(frame, tries + 1);
    // Dated when it is due, so that the watchdog does not count the pause as unanswered.
    const due = Date.now() + delay;
    this.sentAt.set(frame, due);
    setTimeout(() => {
      if (this.ready && this.inflight.get(clientSeq) === frame && this.sentAt.get(frame) === due) this.write(frame);
    }, delay);
    return true;
  }

  private replayed(frame: ClientFrame): boolean {
    const body = frame.body;
    const seen =
      (body.case === "chat" && this.ownChat.has(body.value.clientMessageId)) ||
      (body.case === "whiteboard" && body.value.ops.every((op) => this.ownOps.has(op.id)));
    if (!seen) return false;
    this.inflight.delete(frame.clientSeq);
    return true;
  }

  /** A batch seen live was lost: the board is taken again from the room, now, or once back online. */
  private heal(): void {
    if (this.ready) this.resync();
    else this.resyncing = true;
  }

  private resyncFrame(): ClientFrame {
    this.clientSeq += 1n;
    this.resyncSeq = this.clientSeq;
    return create(ClientFrameSchema, { clientSeq: this.clientSeq, body: { case: "resync", value: {} } });
  }

  private write(frame: ClientFrame): void {
    if (this.inflight.has(frame.clientSeq) && this.socket) this.sentAt.set(frame, Date.now());
    this.socket?.send(toBinary(ClientFrameSchema, frame));
  }

  private scheduleReconnect(): void {
    // Exponential backoff capped at 10 s, with full jitter so a whole class does not come back at once.
    const ceiling = Math.min(10_000, 300 * 2 ** this.attempt);
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reconnectNow(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private reconnectNow(): void {
    clearTimeout(this.timer);
    if (this.socket || this.final) return;
    if (!navigator.onLine) {
      this.scheduleReconnect();
      return;
    }
    // Nobody to resume yet (the first join's link dropped, e.g. closed with 4010 JOIN_TIMEOUT because
    // a stalled page sent nothing in time): join again, still under the backoff that brought us here.
    if (!this.participantId) {
      this.join(this.displayName);
      return;
    }
    this.clientSeq += 1n;
    this.resumeSeq = this.clientSeq;
    this.open(
      create(ClientFrameSchema, {
        clientSeq: this.resumeSeq,
        body: {
          case: "resume",
          value: {
            room: this.roomId,
            lastSeq: this.lastSeq,
            participantId: this.participantId,
            resumeToken: this.resumeToken,
            writtenMarks: true,
          },
        },
      }),
      this.awaitingSnapshot ? this.resyncFrame() : undefined,
    );
  }
}
