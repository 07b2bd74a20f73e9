import { kindName, sha256Hex } from "./canonical.js";
import { replicaText, viewText } from "./digest-text.js";
import { bodyCase, requireWellFormed } from "./op-check.js";
import { Page } from "./page.js";
import { mergeSnapshot, toSnapshot } from "./snapshot.js";
import { stampOf, toBigInt } from "./stamp.js";
import type { Shape } from "./shape.js";
import type { WhiteboardBatch, WhiteboardDocumentJson, WhiteboardOp } from "./types.js";

/** What the room (and a polite client) needs to judge an op on an existing shape. */
export interface ShapeInfo {
  readonly shapeId: string;
  readonly kind: string;
  /** The client id of the create. */
  readonly owner: string;
  /** Shown: neither deleted nor cleared (the page itself may still be removed). */
  readonly live: boolean;
  readonly pointCount: number;
}

/**
 * A replica of the whiteboard: pages of shapes whose every field is a last-writer-wins register.
 * Applying an op only ever raises registers, so any order of the same ops, with repeats, leaves
 * the same state (protocol/WHITEBOARD.md).
 */
export class WhiteboardDoc {
  readonly pages = new Map<string, Page>();
  maxLamport = 0n;

  /** Applies every op of the batch, or none when one is malformed (then it throws). */
  applyBatch(batch: WhiteboardBatch): boolean {
    const ops = batch.ops ?? [];
    ops.forEach(requireWellFormed);
    let changed = false;
    for (const op of ops) changed = this.applyWellFormed(op) || changed;
    return changed;
  }

  /** Whether the state changed; throws when the op is malformed. */
  apply(op: WhiteboardOp): boolean {
    requireWellFormed(op);
    return this.applyWellFormed(op);
  }

  static fromSnapshot(snapshot: WhiteboardDocumentJson): WhiteboardDoc {
    const doc = new WhiteboardDoc();
    doc.merge(snapshot);
    return doc;
  }

  /** Joins a snapshot: a client that resyncs keeps its own ops the room has not acknowledged. */
  merge(snapshot: WhiteboardDocumentJson): void {
    mergeSnapshot(this, snapshot);
  }

  toSnapshot(): WhiteboardDocumentJson {
    return toSnapshot(this);
  }

  /** SHA-256 (hex) of the whole replicated state, stamps and tombstones included. */
  digest(): Promise<string> {
    return sha256Hex(replicaText(this));
  }

  /** SHA-256 (hex) of viewText(): equal when two documents look the same. */
  viewDigest(): Promise<string> {
    return sha256Hex(viewText(this));
  }

  viewText(): string {
    return viewText(this);
  }

  replicaText(): string {
    return replicaText(this);
  }

  pageIsLive(pageId: string): boolean {
    return this.pages.get(pageId)?.live() === true;
  }

  /** Undefined until the shape's create has been applied. */
  shape(pageId: string, shapeId: string): ShapeInfo | undefined {
    const page = this.pages.get(pageId);
    const shape = page?.shapes.get(shapeId);
    if (page === undefined || shape?.birth === undefined) return undefined;
    const birth = shape.birth;
    return {
      shapeId,
      kind: birth.value.kind,
      owner: birth.stamp.clientId,
      live: shape.visible(page.cleared),
      pointCount: birth.value.points.length / 2,
    };
  }

  liveShapeCount(pageId: string): number {
    return this.pages.get(pageId)?.visibleCount() ?? 0;
  }

  /** The page with this id, made empty (not shown) when an op refers to it first. */
  page(pageId: string): Page {
    let page = this.pages.get(pageId);
    if (page === undefined) {
      page = new Page(pageId);
      this.pages.set(pageId, page);
    }
    return page;
  }

  raiseLamport(lamport: bigint): boolean {
    if (lamport <= this.maxLamport) return false;
    this.maxLamport = lamport;
    return true;
  }

  private applyWellFormed(op: WhiteboardOp): boolean {
    const stamp = stampOf(op);
    const page = this.page(op.page!);
    let changed: boolean;
    switch (bodyCase(op)!) {
      case "createShape": {
        const create = op.createShape!;
        const shape: Shape = page.shape(create.shapeId!);
        const points = (create.points ?? []).map(Number);
        changed = shape.mergeBirth({ stamp, value: { kind: kindName(create.kind), points } });
        changed = shape.mergeLife({ stamp, value: true }) || changed;
        changed = shape.write(stamp, create.props) || changed;
        break;
      }
      case "updateProps":
        changed = page.shape(op.updateProps!.shapeId!).write(stamp, op.updateProps!.props);
        break;
      case "deleteShape":
        changed = page.shape(op.deleteShape!.shapeId!).mergeLife({ stamp, value: false });
        break;
      case "restoreShape":
        changed = page.shape(op.restoreShape!.shapeId!).mergeLife({ stamp, value: true });
        break;
      case "reorder":
        changed = page.shape(op.reorder!.shapeId!).write(stamp, { zIndex: op.reorder!.zIndex ?? "" });
        break;
      case "clearPage":
        changed = page.mergeCleared(stamp);
        break;
      case "addPage":
        changed = page.mergeLife({ stamp, value: true });
        changed = page.mergeTitle({ stamp, value: op.addPage!.title ?? "" }) || changed;
        changed = page.mergeOrder({ stamp, value: op.addPage!.order ?? "" }) || changed;
        break;
      case "removePage":
        changed = page.mergeLife({ stamp, value: false });
        break;
    }
    return this.raiseLamport(toBigInt(op.lamport)) || changed;
  }
}
