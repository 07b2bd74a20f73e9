import { create } from "@bufbuild/protobuf";
import {
  BreakoutPlanSchema,
  ClassTimerSchema,
  EntryPolicy,
  LocksSchema,
  ParticipantSchema,
  Role,
  type BreakoutPlan,
  type ChatMessage,
  type ClassTimer,
  type Poll,
  type PollTally,
  type Locks,
  type Participant,
  type RoomEvent,
  type RoomSnapshot,
  type WaitingParticipant,
} from "./gen/ardoise/v1/room_pb";
import { MediaKind } from "./gen/ardoise/v1/media_pb";
import { ClientLimitsSchema, type ClientLimits } from "./gen/ardoise/v1/wire_pb";
import { foldBreakout } from "./breakout-fold";
import { foldTimer } from "./timer-fold";

export type Change = "participants" | "chat" | "locks" | "me" | "entry" | "waiting" | "title" | "polls" | "timer" | "breakout" | "recording";

/** One poll as this participant knows it: a student gets the tally and the key only once published. */
export interface PollState {
  poll: Poll;
  ended: boolean;
  published: boolean;
  tally?: PollTally;
  answered: boolean;
  myChoices: number[];
  myText: string;
}

/** Participants, chat and locks as this client knows them: the Welcome's snapshot plus the events since. */
export class RoomModel {
  title = "";
  me = "";
  role: Role = Role.STUDENT;
  participants = new Map<string, Participant>();
  chat: ChatMessage[] = [];
  locks: Locks = create(LocksSchema);
  entryPolicy: EntryPolicy = EntryPolicy.OPEN;
  /** The waiting room, oldest first; only a teacher's Welcome and events fill it. */
  waiting: WaitingParticipant[] = [];
  /** What the server refuses beyond, as its Welcome says: nothing here hard-codes them. */
  limits: ClientLimits = create(ClientLimitsSchema);
  /** The class's recent polls, oldest first. */
  polls = new Map<string, PollState>();
  timer: ClassTimer = create(ClassTimerSchema);
  /** The server's clock minus ours, from the Welcome: the timer runs on the server's clock. */
  clockOffsetMs = 0;
  /** The breakout groups: in a class, its plan; in a group, its class's. */
  breakout: BreakoutPlan = create(BreakoutPlanSchema);
  /** In a breakout group, which one this room is; empty in a class. */
  breakoutGroupId = "";
  /** The teachers' voices are being recorded. */
  recording = false;
  /** How many students may be connected at once (teachers take no seat). */
  maxParticipants = 0;
  /**
   * A lecture: a student's roster holds the teachers and themselves, and how many are connected comes as a count
   * (the Welcome's, then Presence frames) rather than as every arrival. Teachers keep the whole roster.
   */
  lecture = false;
  private presenceCount = 0;
  private listeners: ((change: Change) => void)[] = [];

  onChange(listener: (change: Change) => void): void {
    this.listeners.push(listener);
  }

  reset(snapshot: RoomSnapshot, me: string, role: Role, limits: ClientLimits): void {
    this.limits = limits;
    this.title = snapshot.title;
    this.me = me;
    this.role = role;
    this.participants = new Map(snapshot.participants.map((p) => [p.id, p]));
    this.chat = [...snapshot.chat];
    if (snapshot.locks) this.locks = snapshot.locks;
    this.entryPolicy = snapshot.entryPolicy;
    this.waiting = [...snapshot.waiting];
    this.polls = new Map(snapshot.polls.filter((view) => view.poll).map((view) => [view.poll!.id, {
      poll: view.poll!, ended: view.ended, published: view.published, tally: view.tally,
      answered: view.answered, myChoices: [...view.myChoices], myText: view.myText,
    }]));
    this.timer = snapshot.timer ?? create(ClassTimerSchema);
    if (snapshot.serverTimeMs > 0n) this.clockOffsetMs = Number(snapshot.serverTimeMs) - Date.now();
    this.breakout = snapshot.breakout ?? create(BreakoutPlanSchema);
    this.breakoutGroupId = snapshot.breakoutGroupId;
    this.recording = snapshot.recording;
    this.maxParticipants = snapshot.maxParticipants;
    this.lecture = snapshot.lecture;
    this.presenceCount = snapshot.connected;
    (["me", "participants", "chat", "locks", "entry", "waiting", "polls", "timer", "breakout", "recording"] as Change[]).forEach((change) => this.emit(change));
  }

  get isTeacher(): boolean {
    return this.role === Role.TEACHER;
  }

  /** Whether this client sees a count of the class rather than all of it: a student in a lecture. */
  get countsOnly(): boolean {
    return this.lecture && !this.isTeacher;
  }

  /** How many are connected, teachers included. */
  get connectedCount(): number {
    return this.countsOnly ? this.presenceCount : [...this.participants.values()].filter((p) => p.connected).length;
  }

  /** A lecture's count, sent to its students at most once per presence window. */
  setPresence(connected: number): void {
    this.presenceCount = connected;
    this.emit("participants");
  }

  /** Whether the roster shows this participant: in a lecture, a student sees no other student. */
  private shows(id: string, role: Role): boolean {
    return !this.countsOnly || role === Role.TEACHER || id === this.me;
  }

  /** Whether this participant may draw now: teachers always, students when the teacher allows it. */
  get mayDraw(): boolean {
    return this.isTeacher || this.locks.studentsMayDraw;
  }

  /** Now on the server's clock. */
  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** A teacher's live tally (ServerFrame poll_results). */
  setTally(tally: PollTally): void {
    const state = this.polls.get(tally.pollId);
    if (!state) return;
    state.tally = tally;
    this.emit("polls");
  }

  /** Our own answer, as sent: the room acknowledges it without an event, since no one else may see it. */
  answered(pollId: string, choices: number[], text: string): void {
    const state = this.polls.get(pollId);
    if (!state) return;
    Object.assign(state, { answered: true, myChoices: choices, myText: text });
    this.emit("polls");
  }

  name(id: string): string {
    return this.participants.get(id)?.name ?? id;
  }

  apply(event: RoomEvent): void {
    const body = event.body;
    const patch = (id: string, change: Partial<Participant>) => {
      const participant = this.participants.get(id);
      if (participant) this.participants.set(id, { ...participant, ...change });
      this.emit("participants");
    };
    switch (body.case) {
      case "joined":
        if (!this.shows(body.value.participantId, body.value.role)) break;
        this.participants.set(body.value.participantId, create(ParticipantSchema, {
          id: body.value.participantId,
          name: body.value.name,
          role: body.value.role,
          connected: true,
        }));
        this.emit("participants");
        break;
      case "connected":
        patch(body.value.participantId, { connected: true });
        break;
      case "disconnected":
        patch(body.value.participantId, { connected: false });
        break;
      case "left":
      case "removed":
        this.participants.delete(body.value.participantId);
        this.emit("participants");
        break;
      case "handRaised":
        patch(body.value.participantId, { handRaised: true, handRaisedSeq: event.seq });
        break;
      case "handLowered":
        patch(body.value.participantId, { handRaised: false, handRaisedSeq: 0n });
        break;
      case "allHandsLowered":
        for (const id of this.participants.keys()) patch(id, { handRaised: false, handRaisedSeq: 0n });
        break;
      case "titleChanged":
        this.title = body.value.title;
        this.emit("title");
        break;
      case "locksChanged":
        if (body.value.locks) this.locks = body.value.locks;
        this.emit("locks");
        break;
      case "roleChanged":
        patch(body.value.participantId, { role: body.value.role });
        if (body.value.participantId === this.me) {
          this.role = body.value.role;
          this.emit("me");
        }
        break;
      case "mediaMuted":
        patch(body.value.participantId, body.value.kind === MediaKind.MICROPHONE ? { microphoneMuted: body.value.muted } : { cameraMuted: body.value.muted });
        break;
      case "chatMuteChanged":
        patch(body.value.participantId, { chatMuted: body.value.muted });
        break;
      case "chatMessageDeleted": {
        const seq = body.value.seq;
        this.chat = this.chat.filter((message) => message.seq !== seq);
        this.emit("chat");
        break;
      }
      case "chatCleared": {
        const upTo = body.value.upToSeq;
        this.chat = this.chat.filter((message) => message.to !== "" || message.seq > upTo);
        this.emit("chat");
        break;
      }
      // The socket closes next (4005); until then, an empty roster rather than one that looks alive.
      case "classEnded":
        this.participants.clear();
        this.waiting = [];
        this.recording = false;
        this.emit("participants");
        this.emit("waiting");
        this.emit("recording");
        break;
      case "recordingChanged":
        this.recording = body.value.on;
        this.emit("recording");
        break;
      case "maxParticipantsChanged":
        this.maxParticipants = body.value.maxParticipants;
        this.emit("participants");
        this.emit("entry");
        break;
      case "entryPolicyChanged":
        this.entryPolicy = body.value.policy;
        this.emit("entry");
        break;
      case "waiting":
        if (body.value.participant) this.waiting.push(body.value.participant);
        this.emit("waiting");
        break;
      // Admitted students join the roster, as a "joined" each would, and leave the queue.
      case "admitted": {
        const admitted = new Set(body.value.participants.map((p) => p.participantId));
        for (const p of body.value.participants) {
          if (this.shows(p.participantId, Role.STUDENT)) this.participants.set(p.participantId, create(ParticipantSchema, { id: p.participantId, name: p.name, role: Role.STUDENT, connected: true }));
        }
        this.waiting = this.waiting.filter((p) => !admitted.has(p.participantId));
        this.emit("participants");
        this.emit("waiting");
        break;
      }
      case "refused": {
        const refused = new Set(body.value.participantIds);
        this.waiting = this.waiting.filter((p) => !refused.has(p.participantId));
        this.emit("waiting");
        break;
      }
      case "waitingLeft":
        this.waiting = this.waiting.filter((p) => p.participantId !== body.value.participantId);
        this.emit("waiting");
        break;
      case "pollOpened":
        if (body.value.poll) {
          this.polls.set(body.value.poll.id, { poll: body.value.poll, ended: false, published: false, answered: false, myChoices: [], myText: "" });
        }
        this.emit("polls");
        break;
      case "pollEnded": {
        const state = this.polls.get(body.value.pollId);
        if (state) state.ended = true;
        this.emit("polls");
        break;
      }
      case "pollPublished": {
        const state = body.value.poll && this.polls.get(body.value.poll.id);
        if (state) Object.assign(state, { poll: body.value.poll, tally: body.value.tally, ended: true, published: true });
        this.emit("polls");
        break;
      }
      case "timerChanged":
        this.timer = foldTimer(this.timer, body.value, Number(event.timeMs));
        this.emit("timer");
        break;
      case "breakoutsOpened":
      case "breakoutMoved":
      case "breakoutsExtended":
      case "breakoutsClosed":
      case "breakoutBoardImported":
      case "breakoutGroupSet":
        this.breakout = foldBreakout(this.breakout, event);
        this.emit("breakout");
        break;
      case "chat":
        // A message a teacher has deleted since, replayed in a resume as a tombstone: nothing to show.
        if (body.value.deleted) break;
        this.chat.push({
          $typeName: "ardoise.v1.ChatMessage",
          seq: event.seq,
          timeMs: event.timeMs,
          from: event.author,
          to: body.value.to,
          text: body.value.text,
          clientMessageId: body.value.clientMessageId,
          fromName: body.value.authorName,
        });
        this.emit("chat");
        break;
      default:
        break;
    }
  }

  private emit(change: Change): void {
    this.listeners.forEach((listener) => listener(change));
  }
}
