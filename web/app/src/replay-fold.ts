import { create } from "@bufbuild/protobuf";
import { WhiteboardDoc, type WhiteboardBatch, type WhiteboardDocumentJson } from "@ardoise/whiteboard";
import { Board } from "./board/board";
import { batchFromWire } from "./board/convert";
import { Role, RoomSnapshotSchema, type RoomEvent, type RoomSnapshot } from "./gen/ardoise/v1/room_pb";
import { ClientLimitsSchema } from "./gen/ardoise/v1/wire_pb";
import { RoomModel } from "./room";

/** Folded state kept every this many events: a seek replays at most this many from the one before it. */
export const CHECKPOINT_EVERY = 250;

/** What RoomModel holds, copied deep enough that later events (which mutate poll states in place) leave it as it was. */
type ModelCopy = Pick<RoomModel, "title" | "participants" | "chat" | "locks" | "entryPolicy" | "waiting" | "polls" | "timer" | "breakout" | "breakoutGroupId">;

interface Checkpoint {
  /** How many events are folded into it. */
  applied: number;
  board: WhiteboardDocumentJson;
  model: ModelCopy;
  page: string;
}

/**
 * A class's journal folded as live clients fold it (RoomModel.apply, Board.applyRemote on the same @ardoise/whiteboard
 * merge rules), to any point of its timeline. Checkpoints of the folded state every CHECKPOINT_EVERY events make a
 * seek cost one restored checkpoint plus fewer than that many events, wherever it lands; playing on folds forward.
 */
export class ReplayFold {
  readonly room = new RoomModel();
  readonly board = new Board("", () => {});
  /** How many of the events are folded into room and board now. */
  applied = 0;
  /** The page the class last drew on or presented: where the replay looks. */
  page = "";
  readonly startMs: number;
  readonly endMs: number;
  private readonly checkpoints: Checkpoint[] = [];
  private readonly times: number[];
  /** Each whiteboard event's batch in the merge rules' form, converted once: a seek then only applies them. */
  private readonly batches: (WhiteboardBatch | undefined)[];

  constructor(start: RoomSnapshot | undefined, startTimeMs: number, readonly events: RoomEvent[]) {
    this.times = events.map((event) => Number(event.timeMs));
    this.batches = events.map((event) => event.body.case === "whiteboard" ? batchFromWire(event.body.value) : undefined);
    this.startMs = startTimeMs || this.times[0] || 0;
    this.endMs = Math.max(this.startMs, this.times[this.times.length - 1] ?? this.startMs);
    // The server sent only what this viewer may see: the role the model is told changes nothing it folds.
    this.room.reset(start ?? create(RoomSnapshotSchema), "", Role.STUDENT, create(ClientLimitsSchema));
    this.board.reset("", start?.whiteboard, true);
    this.page = this.board.page;
    this.checkpoints.push(this.checkpoint());
    while (this.applied < events.length) {
      this.step();
      if (this.applied % CHECKPOINT_EVERY === 0) this.checkpoints.push(this.checkpoint());
    }
    this.restore(this.checkpoints[0]);
  }

  /** How many events happened at or before `timeMs`. */
  countAt(timeMs: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.times[middle] <= timeMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The class as it was at `timeMs`: forward from here when that is closest, else from the checkpoint before it. */
  seek(timeMs: number): void {
    const target = this.countAt(timeMs);
    const checkpoint = this.checkpoints[Math.floor(target / CHECKPOINT_EVERY)];
    if (target < this.applied || target - this.applied > target - checkpoint.applied) this.restore(checkpoint);
    while (this.applied < target) this.step();
  }

  private step(): void {
    const event = this.events[this.applied++];
    this.room.apply(event);
    const body = event.body;
    const batch = this.batches[this.applied - 1];
    // As Board.applyRemote applies a live batch, less its wire conversion (done once) and its live strokes (none here).
    if (batch !== undefined && this.board.doc.applyBatch(batch)) {
      this.board.revision++;
      const drawnOn = batch.ops?.find((op) => op.page && this.board.doc.pageIsLive(op.page))?.page;
      if (drawnOn) this.page = drawnOn;
    }
    if (body.case === "presentationChanged" && body.value.pageId !== "") this.page = body.value.pageId;
    if (!this.board.doc.pageIsLive(this.page)) this.page = this.board.pages()[0]?.id ?? this.page;
  }

  private checkpoint(): Checkpoint {
    const room = this.room;
    return {
      applied: this.applied,
      board: this.board.doc.toSnapshot(),
      page: this.page,
      model: {
        title: room.title, participants: new Map(room.participants), chat: [...room.chat], locks: room.locks,
        entryPolicy: room.entryPolicy, waiting: [...room.waiting],
        polls: new Map([...room.polls].map(([id, poll]) => [id, { ...poll, myChoices: [...poll.myChoices] }])),
        timer: room.timer, breakout: room.breakout, breakoutGroupId: room.breakoutGroupId,
      },
    };
  }

  private restore(checkpoint: Checkpoint): void {
    const { model } = checkpoint;
    Object.assign(this.room, {
      ...model, participants: new Map(model.participants), chat: [...model.chat], waiting: [...model.waiting],
      polls: new Map([...model.polls].map(([id, poll]) => [id, { ...poll, myChoices: [...poll.myChoices] }])),
    });
    this.board.doc = WhiteboardDoc.fromSnapshot(checkpoint.board);
    this.board.revision++;
    this.applied = checkpoint.applied;
    this.page = checkpoint.page;
  }
}
