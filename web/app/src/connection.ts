import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ClientFrameSchema,
  ServerFrameSchema,
  type Ack,
  type ClientFrame,
  type Error as WireError,
  type ServerFrame,
  type Welcome,
} from "./gen/ardoise/v1/wire_pb";
import type { RoomEvent } from "./gen/ardoise/v1/room_pb";
import type { Cursor, LiveStroke } from "./gen/ardoise/v1/whiteboard_pb";

export type Body = ClientFrame["body"];
export type Status = "connecting" | "online" | "offline" | "removed" | "replaced" | "gone";

export interface Handlers {
  welcome(welcome: Welcome): void;
  event(event: RoomEvent): void;
  ack(ack: Ack): void;
  error(error: WireError): void;
  liveStroke(stroke: LiveStroke): void;
  cursor(cursor: Cursor): void;
  status(status: Status): void;
}

// Close codes of protocol/.../CloseCode.java that say "do not come back".
const FINAL: Record<number, Status> = { 4003: "removed", 4009: "replaced", 4004: "gone" };
const PING_EVERY_MS = 15_000;
// No frame at all for this long (pongs included) means the link is dead even if no close came.
const SILENCE_MS = 40_000;

/**
 * One participant's link to the room: join once, then resume after every drop (backoff with
 * jitter), replaying what was missed. Events at or below lastSeq are ignored, so a replay that
 * overlaps what was already applied never shows anything twice.
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
  // Chat the replay showed as ours: sent before the drop and persisted, so not to be sent again.
  private replayedChat: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private resumeSeq = -1n;
  private displayName = "";

  constructor(private readonly roomId: string, private readonly token: string, private readonly on: Handlers) {
    // The browser knows before the socket does: drop at once when offline, retry at once when back.
    addEventListener("offline", () => this.socket?.close(4000, "offline"));
    addEventListener("online", () => {
      if (!this.socket && !this.final && this.participantId) this.reconnectNow();
    });
  }

  join(displayName: string): void {
    this.displayName = displayName;
    this.open(create(ClientFrameSchema, { body: { case: "join", value: { token: this.token, displayName } } }));
  }

  /** A room-changing action: numbered, queued while disconnected, answered by Ack or Error. */
  send(body: Body): bigint {
    this.clientSeq += 1n;
    const frame = create(ClientFrameSchema, { clientSeq: this.clientSeq, body });
    this.inflight.set(this.clientSeq, frame);
    if (this.ready) this.write(frame);
    else this.queue.push(frame);
    return this.clientSeq;
  }

  /** Live strokes and cursors: worthless later, so simply dropped when not connected. */
  sendEphemeral(body: Body): void {
    if (this.ready) this.write(create(ClientFrameSchema, { body }));
  }

  /** For tests: what a network cut looks like from the client (no close handshake reaches us). */
  drop(): void {
    this.socket?.close(4000, "test drop");
  }

  private open(first: ClientFrame): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/ws/rooms/${encodeURIComponent(this.roomId)}?token=${encodeURIComponent(this.token)}`;
    const socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.on.status("connecting");
    socket.onopen = () => {
      this.lastHeard = Date.now();
      socket.send(toBinary(ClientFrameSchema, first));
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
      this.scheduleReconnect();
    };
  }

  private receive(frame: ServerFrame): void {
    const body = frame.body;
    switch (body.case) {
      case "welcome":
        // A (new or full) Welcome starts over: nothing sent before belongs to this participant state.
        if (this.participantId !== body.value.participantId) this.inflight.clear();
        else if (body.value.resumed) {
          // The gap was too old to replay: the snapshot's chat tells which of our messages got in.
          for (const message of body.value.room?.chat ?? []) {
            if (message.from === this.participantId && message.seq > this.lastSeq) this.replayedChat.push(chatKey(message.text, message.to));
          }
        }
        this.participantId = body.value.participantId;
        this.resumeToken = body.value.resumeToken;
        this.lastSeq = body.value.lastSeq;
        this.on.welcome(body.value);
        this.online();
        break;
      case "event":
        if (body.value.seq <= this.lastSeq) return;
        this.lastSeq = body.value.seq;
        if (!this.ready && body.value.body.case === "chat" && body.value.author === this.participantId) {
          this.replayedChat.push(chatKey(body.value.body.value.text, body.value.body.value.to));
        }
        this.on.event(body.value);
        break;
      case "ack":
        // The Ack of our Resume: the replay is complete.
        if (body.value.clientSeq === this.resumeSeq && !this.ready) this.online();
        else {
          this.inflight.delete(body.value.clientSeq);
          this.on.ack(body.value);
        }
        break;
      case "error":
        if (body.value.clientSeq === this.resumeSeq && !this.ready) {
          // The resume was refused (token expired, participant forgotten): come back as a new participant.
          this.socket?.close(1000, "rejoin");
          this.socket = undefined;
          this.join(this.displayName);
          return;
        }
        this.inflight.delete(body.value.clientSeq);
        this.on.error(body.value);
        break;
      case "liveStroke":
        this.on.liveStroke(body.value);
        break;
      case "cursor":
        this.on.cursor(body.value);
        break;
      case "pong":
        break;
    }
  }

  private online(): void {
    this.ready = true;
    this.attempt = 0;
    this.on.status("online");
    // Unanswered frames go again: whiteboard ops carry ids the room deduplicates, hands and locks
    // are idempotent, and chat has no id, so a message the replay already showed is not resent.
    const queuedSeqs = new Set(this.queue.map((frame) => frame.clientSeq));
    const unanswered = [...this.inflight.values()].filter((frame) => !queuedSeqs.has(frame.clientSeq) && !this.replayed(frame));
    const queued = [...unanswered, ...this.queue].sort((a, b) => (a.clientSeq < b.clientSeq ? -1 : 1));
    this.queue = [];
    this.replayedChat = [];
    queued.forEach((frame) => this.write(frame));
    clearInterval(this.pinger);
    this.pinger = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_MS) this.socket?.close(4000, "silent");
      else this.write(create(ClientFrameSchema, { body: { case: "ping", value: { nonce: BigInt(Date.now()) } } }));
    }, PING_EVERY_MS);
  }

  private replayed(frame: ClientFrame): boolean {
    if (frame.body.case !== "chat") return false;
    const at = this.replayedChat.indexOf(chatKey(frame.body.value.text, frame.body.value.to));
    if (at < 0) return false;
    this.replayedChat.splice(at, 1);
    this.inflight.delete(frame.clientSeq);
    return true;
  }

  private write(frame: ClientFrame): void {
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
    this.clientSeq += 1n;
    this.resumeSeq = this.clientSeq;
    this.open(
      create(ClientFrameSchema, {
        clientSeq: this.resumeSeq,
        body: {
          case: "resume",
          value: { room: this.roomId, lastSeq: this.lastSeq, participantId: this.participantId, resumeToken: this.resumeToken },
        },
      }),
    );
  }
}

function chatKey(text: string, to: string): string {
  return `${to}\u0000${text}`;
}
