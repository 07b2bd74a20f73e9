import { LocalAuthor, UndoHistory, WhiteboardDoc, between, check, type Breach, type WhiteboardBatch, type WhiteboardOp } from "@ardoise/whiteboard";
import type { Cursor, LiveStroke, WhiteboardBatch as WireBatch, WhiteboardDocument } from "../gen/ardoise/v1/whiteboard_pb";
import type { Camera } from "./camera";
import { Lasers, isLaser } from "./laser";
import type { Pictures } from "./pictures";
import { batchFromWire, batchToWire, documentFromWire } from "./convert";
import { livePages, visibleShapes, type View } from "./shapes";

export interface RemoteStroke {
  /** Its author, as the room relays it (LiveStroke.client_id). */
  author: string;
  kind: number;
  color: string;
  width: number;
  page: string;
  points: number[];
  seen: number;
}

export interface RemoteCursor {
  page: string;
  x: number;
  y: number;
  seen: number;
}

const EPHEMERAL_TTL_MS = 5_000;

/**
 * This client's replica of the board and everything drawn over it: the document (merge rules of
 * @ardoise/whiteboard), this participant's clock and undo history, others' strokes in progress and pointers.
 * Own batches are applied at once and sent; the room's echo applies again, which changes nothing.
 */
export class Board {
  doc = new WhiteboardDoc();
  private author: LocalAuthor;
  private history: UndoHistory;
  page = "room:1";
  selected: string | undefined;
  readonly strokes = new Map<string, RemoteStroke>();
  readonly cursors = new Map<string, RemoteCursor>();
  readonly lasers = new Lasers();
  /** The class's pictures, which classroom.ts sets up with the class link. */
  pictures: Pictures | undefined;
  /** Where this client looks on each page (local, never sent): switching pages keeps each page's view. */
  readonly cameras = new Map<string, Camera>();
  /** Counts the document's changes (a snapshot, a batch, our own ops): what is read from it can be kept until it moves. */
  revision = 0;
  private listeners: (() => void)[] = [];

  constructor(private me: string, private readonly send: (batch: WireBatch) => void) {
    this.author = new LocalAuthor(me, this.doc);
    this.history = new UndoHistory(this.doc, this.author);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    this.listeners.forEach((listener) => listener());
  }

  /**
   * A Welcome: the same participant merges (keeping its unacknowledged ops); a new one, or a resync
   * (`replace`: the replica drifted), starts over from the snapshot. Starting over forgets the undo
   * history, whose inverses were read from the drifted replica.
   */
  reset(me: string, snapshot: WhiteboardDocument | undefined, replace = false): void {
    if (me !== this.me || replace) {
      this.me = me;
      this.doc = new WhiteboardDoc();
      this.author = new LocalAuthor(me, this.doc);
      this.history = new UndoHistory(this.doc, this.author);
    }
    this.doc.merge(documentFromWire(snapshot));
    this.revision++;
    if (this.selected !== undefined && !this.shapes().some((view) => view.id === this.selected)) this.selected = undefined;
    if (!this.doc.pageIsLive(this.page)) this.page = this.pages()[0]?.id ?? this.page;
    this.changed();
  }

  applyRemote(batch: WireBatch): void {
    const json = batchFromWire(batch);
    if (!this.doc.applyBatch(json)) return;
    this.revision++;
    // A finished shape replaces the stroke that was being drawn with its id.
    for (const op of json.ops ?? []) if (op.createShape?.shapeId) this.strokes.delete(op.createShape.shapeId);
    if (!this.doc.pageIsLive(this.page)) this.page = this.pages()[0]?.id ?? this.page;
    this.changed();
  }

  /**
   * Stamps, applies (recording the undo) and sends one batch of this client's drafts; false when it
   * was dropped. A batch that breaks a size or bound the room checks (WHITEBOARD.md, "Sizes and
   * bounds") is dropped whole and never applied: sent, it would only be refused and cost a resync.
   */
  commit(drafts: WhiteboardOp[]): boolean {
    if (drafts.length === 0) return false;
    const batch: WhiteboardBatch = { ops: drafts.map((draft) => this.author.stamp(draft)) };
    const breach = firstBreach(batch.ops!, this.doc.maxLamport);
    if (breach !== undefined) {
      console.warn("whiteboard: not sent, the room would refuse it:", breach.reason);
      return false;
    }
    this.history.apply(batch);
    this.revision++;
    this.send(batchToWire(batch));
    this.changed();
    return true;
  }

  undo(): void {
    this.sendIf(this.history.undo());
  }

  redo(): void {
    this.sendIf(this.history.redo());
  }

  newId(): string {
    return this.author.newId();
  }

  shapes(): View[] {
    return visibleShapes(this.doc, this.page);
  }

  pages(): { id: string; order: string }[] {
    return livePages(this.doc);
  }

  /** A z_index above every shape of the current page. */
  topIndex(): string {
    const shapes = this.shapes();
    return between(shapes.length ? shapes[shapes.length - 1].zIndex || null : null, null);
  }

  addPage(title: string): string {
    const pages = this.pages();
    const id = this.newId();
    if (!this.commit([{ page: id, addPage: { title, order: between(pages.length ? pages[pages.length - 1].order || null : null, null) } }])) return this.page;
    this.page = id;
    this.changed();
    return id;
  }

  /**
   * A document's page as a board page: the page and its picture, at (0, 0) in the page's size (10 units
   * a pixel) below anything drawn on it, in one batch (protocol/WHITEBOARD.md, "Images and documents").
   */
  addPicturePage(title: string, image: string, width: number, height: number): string | undefined {
    const pages = this.pages();
    const id = this.newId();
    const order = between(pages.length ? pages[pages.length - 1].order || null : null, null);
    const shape = this.newId();
    const ok = this.commit([
      { page: id, addPage: { title, order } },
      { page: id, createShape: { shapeId: shape, kind: "SHAPE_KIND_IMAGE", props: { x: 0, y: 0, width: width * 10, height: height * 10, rotation: 0, opacity: 100, zIndex: "a0", image } } },
    ]);
    return ok ? id : undefined;
  }

  liveStroke(stroke: LiveStroke): void {
    if (isLaser(stroke)) {
      this.lasers.receive(stroke);
      this.changed();
      return;
    }
    const known = this.strokes.get(stroke.strokeId);
    const entry = known ?? { author: stroke.clientId, kind: stroke.kind, color: stroke.color, width: stroke.width, page: stroke.page, points: [], seen: 0 };
    // The first pair is absolute, the next ones deltas: written from from_index, so repeats change nothing.
    let x = 0;
    let y = 0;
    for (let i = 0; i + 1 < stroke.points.length; i += 2) {
      x = i === 0 ? stroke.points[0] : x + stroke.points[i];
      y = i === 0 ? stroke.points[1] : y + stroke.points[i + 1];
      const at = 2 * (stroke.fromIndex + i / 2);
      entry.points[at] = x;
      entry.points[at + 1] = y;
    }
    entry.seen = Date.now();
    // A stroke already finished (its CreateShape came first) is not drawn again.
    if (this.doc.shape(stroke.page, stroke.strokeId) === undefined) this.strokes.set(stroke.strokeId, entry);
    this.changed();
  }

  cursor(cursor: Cursor): void {
    this.cursors.set(cursor.clientId, { page: cursor.page, x: cursor.x, y: cursor.y, seen: Date.now() });
    this.changed();
  }

  /** A participant who lost the link or left: its pointer and unfinished strokes go at once. */
  forget(participantId: string): void {
    const gone = this.cursors.delete(participantId);
    for (const [id, stroke] of this.strokes) if (stroke.author === participantId) this.strokes.delete(id);
    if (gone) this.changed();
  }

  /** Forgets pointers and strokes that stopped moving (their author left or lost the link). */
  expire(): void {
    const now = Date.now();
    let gone = false;
    for (const [id, stroke] of this.strokes) if (now - stroke.seen > EPHEMERAL_TTL_MS) gone = this.strokes.delete(id) || gone;
    for (const [id, cursor] of this.cursors) if (now - cursor.seen > EPHEMERAL_TTL_MS) gone = this.cursors.delete(id) || gone;
    if (gone) this.changed();
  }

  private sendIf(batch: WhiteboardBatch | undefined): void {
    if (batch === undefined) return;
    this.revision++;
    this.send(batchToWire(batch));
    this.changed();
  }
}

/** The first breach of a batch, each op judged with the clocks of the ops before it, as the room judges it. */
function firstBreach(ops: WhiteboardOp[], maxLamport: bigint): Breach | undefined {
  let max = maxLamport;
  for (const op of ops) {
    const breach = check(op, max);
    if (breach !== undefined) return breach;
    const lamport = BigInt(op.lamport ?? 0);
    if (lamport > max) max = lamport;
  }
  return undefined;
}
