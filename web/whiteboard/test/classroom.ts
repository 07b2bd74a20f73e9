import { LocalAuthor } from "../src/author.js";
import { WhiteboardDoc } from "../src/doc.js";
import { between } from "../src/fractional-index.js";
import { isFreehand } from "../src/op-check.js";
import type { Page } from "../src/page.js";
import { Z_INDEX } from "../src/props.js";
import type { Shape } from "../src/shape.js";
import { compareStrings } from "../src/stamp.js";
import type { ShapeKind, ShapeProps, WhiteboardBatch, WhiteboardOp } from "../src/types.js";
import { UndoHistory } from "../src/undo.js";

// Several clients and a room with the network in between, as in Java's Classroom: each client
// edits its replica at once and sends the batch; the room applies batches as it receives them
// and relays them. A scenario is a list of ints that fast-check can shrink.

/** mulberry32: a small seeded generator, so that a failing scenario replays. */
export function prng(seed: number): (bound: number) => number {
  let a = seed >>> 0;
  return (bound) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound | 0;
  };
}

const KINDS: ShapeKind[] = [
  "SHAPE_KIND_PEN",
  "SHAPE_KIND_HIGHLIGHTER",
  "SHAPE_KIND_LINE",
  "SHAPE_KIND_ARROW",
  "SHAPE_KIND_RECTANGLE",
  "SHAPE_KIND_ELLIPSE",
  "SHAPE_KIND_TEXT",
  "SHAPE_KIND_STICKY_NOTE",
];
const COLORS = ["#000000", "#e03131", "#2f9e44", "#1971c2", "#f08c0080"];
const TEXTS = ["", "x", "Théorème", "a\tb", "line\nbreak", "back\\slash", "π ≈ 3.14 🙂"];

export class Client {
  readonly doc = new WhiteboardDoc();
  readonly author: LocalAuthor;
  readonly history: UndoHistory;
  readonly outbox: WhiteboardBatch[] = [];
  inbox: WhiteboardBatch[] = [];

  constructor(readonly id: string, private readonly random: (bound: number) => number) {
    this.author = new LocalAuthor(id, this.doc);
    this.history = new UndoHistory(this.doc, this.author);
  }

  act(batch: WhiteboardBatch): void {
    this.history.apply(batch);
    this.outbox.push(batch);
  }

  /** What a person might do next, chosen from what this replica shows. */
  nextEdit(): WhiteboardBatch {
    const r = this.random;
    const pick = <T>(items: readonly T[]): T => items[r(items.length)]!;
    const pages = [...this.doc.pages.values()]
      .filter((page) => page.live())
      .sort((a, b) => compareStrings(a.order?.value ?? "", b.order?.value ?? "") || compareStrings(a.id, b.id));
    const drafts: WhiteboardOp[] = [];
    if (pages.length === 0 || r(15) === 0) {
      const order = between(pages.length === 0 ? null : pages[pages.length - 1]!.order?.value || null, null);
      drafts.push({ page: this.author.newId(), addPage: { title: pick(TEXTS), order } });
      return this.stamp(drafts);
    }
    const page = pick(pages);
    const shown = shownShapes(page);
    const choice = r(100);
    if (shown.length === 0 || choice < 30) {
      let z: string | null = shown.length === 0 ? null : zOf(shown[shown.length - 1]!);
      for (let i = 0, n = 1 + r(3); i < n; i++) {
        z = between(z, null);
        const id = this.author.newId();
        const kind = pick(KINDS);
        const points: number[] = [];
        if (isFreehand(kind)) for (let p = 0, m = 1 + r(12); p < m; p++) points.push(r(81) - 40, r(81) - 40);
        drafts.push({ page: page.id, createShape: { shapeId: id, kind, props: { ...this.props(true), zIndex: z }, points } });
        if (r(5) === 0) drafts.push(this.update(page.id, id));
      }
    } else if (choice < 60) {
      for (let i = 0, n = 1 + r(2); i < n; i++) drafts.push(this.update(page.id, pick(shown).id));
    } else if (choice < 72) {
      for (let i = 0, n = 1 + r(2); i < n; i++) drafts.push({ page: page.id, deleteShape: { shapeId: pick(shown).id } });
    } else if (choice < 84) {
      const at = r(shown.length + 1);
      const before = at === 0 ? null : zOf(shown[at - 1]!);
      const after = at === shown.length ? null : zOf(shown[at]!);
      const z = before !== null && after !== null && before >= after ? between(before, null) : between(before, after);
      drafts.push({ page: page.id, reorder: { shapeId: pick(shown).id, zIndex: z } });
    } else if (choice < 90) {
      drafts.push({ page: page.id, clearPage: {} });
    } else if (choice < 94) {
      drafts.push({ page: page.id, removePage: {} });
    } else {
      // A write to a shape shown as deleted: the room would refuse it; the merge must not revive it.
      const hidden = [...page.shapes.values()].filter((shape) => shape.birth !== undefined && !shape.visible(page.cleared));
      drafts.push(this.update(page.id, hidden.length === 0 ? pick(shown).id : pick(hidden).id));
    }
    return this.stamp(drafts);
  }

  private update(pageId: string, shapeId: string): WhiteboardOp {
    const props = this.props(false);
    if (Object.keys(props).length === 0) props.x = this.random(2001) - 1000;
    return { page: pageId, updateProps: { shapeId, props } };
  }

  private props(all: boolean): ShapeProps {
    const r = this.random;
    const p: ShapeProps = {};
    if (all || r(3) === 0) Object.assign(p, { x: r(2001) - 1000, y: r(2001) - 1000 });
    if (all || r(4) === 0) Object.assign(p, { width: r(801) - 400, height: r(801) - 400 });
    if (all || r(6) === 0) p.rotation = r(36000);
    if (all || r(3) === 0) p.strokeColor = COLORS[r(COLORS.length)]!;
    if (all || r(4) === 0) p.fillColor = r(2) === 0 ? "" : COLORS[r(COLORS.length)]!;
    if (all || r(5) === 0) Object.assign(p, { strokeWidth: 1 + r(60), opacity: r(101) });
    if (all || r(4) === 0) Object.assign(p, { text: TEXTS[r(TEXTS.length)]!, fontSize: 80 + r(400) });
    return p;
  }

  private stamp(drafts: WhiteboardOp[]): WhiteboardBatch {
    return { ops: drafts.map((draft) => this.author.stamp(draft)) };
  }
}

function shownShapes(page: Page): Shape[] {
  return [...page.shapes.values()]
    .filter((shape) => shape.visible(page.cleared))
    .sort((a, b) => compareStrings(zOf(a), zOf(b)) || compareStrings(a.id, b.id));
}

function zOf(shape: Shape): string {
  return (shape.effective(Z_INDEX) as string) || "a0";
}

export class Classroom {
  readonly room = new WhiteboardDoc();
  readonly log: WhiteboardBatch[] = [];
  readonly clients: Client[] = [];

  constructor(clientCount: number, readonly random: (bound: number) => number) {
    const ids = ["c7f3", "a01b", "zz", "c7f3x", "B9"];
    for (let i = 0; i < clientCount; i++) this.clients.push(new Client(ids[i]!, random));
  }

  /** One event: the low bits say what happens, the rest to whom. */
  step(code: number): void {
    const client = this.clients[(code >> 4) % this.clients.length]!;
    switch (code & 15) {
      case 0: case 1: case 2: case 3: case 4: case 5:
        client.act(client.nextEdit());
        break;
      case 6: {
        const batch = client.history.undo();
        if (batch) client.outbox.push(batch);
        break;
      }
      case 7: {
        const batch = client.history.redo();
        if (batch) client.outbox.push(batch);
        break;
      }
      case 8: case 9: case 10:
        this.roomReceives(client);
        break;
      case 11: case 12: case 13:
        for (let i = 0; i < 3 && client.inbox.length > 0; i++) client.doc.applyBatch(client.inbox.shift()!);
        break;
      case 14:
        if (this.log.length > 0) client.doc.applyBatch(this.log[this.random(this.log.length)]!);
        break;
      default:
        client.inbox = [];
        client.doc.merge(this.room.toSnapshot());
    }
  }

  quiesce(): void {
    for (const client of this.clients) while (client.outbox.length > 0) this.roomReceives(client);
    for (const client of this.clients) while (client.inbox.length > 0) client.doc.applyBatch(client.inbox.shift()!);
  }

  private roomReceives(sender: Client): void {
    const batch = sender.outbox.shift();
    if (batch === undefined) return;
    this.room.applyBatch(batch);
    this.log.push(batch);
    for (const other of this.clients) if (other !== sender) other.inbox.push(batch);
  }

  static run(clientCount: number, steps: number[], seed: number): Classroom {
    const classroom = new Classroom(clientCount, prng(seed));
    for (const step of steps) classroom.step(step);
    classroom.quiesce();
    return classroom;
  }
}
