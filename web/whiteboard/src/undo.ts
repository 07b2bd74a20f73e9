import type { LocalAuthor } from "./author.js";
import type { WhiteboardDoc } from "./doc.js";
import { bodyCase, requireWellFormed } from "./op-check.js";
import type { Page } from "./page.js";
import { PROP_FIELDS, Z_INDEX, isSet, type PropValue } from "./props.js";
import type { Shape } from "./shape.js";
import type { ShapeProps, WhiteboardBatch, WhiteboardOp } from "./types.js";

/**
 * The drafts that put back what `op` is about to change, read from the document before it is
 * applied. They become new ops with new clocks: undo never rewrites history.
 */
export function inverseOf(doc: WhiteboardDoc, op: WhiteboardOp): WhiteboardOp[] {
  const pageId = op.page!;
  const page = doc.pages.get(pageId);
  const shapeOf = (id: string): Shape | undefined => page?.shapes.get(id);
  const visible = (shape: Shape | undefined): boolean => shape !== undefined && shape.visible(page!.cleared);
  const life = (shapeId: string, alive: boolean): WhiteboardOp =>
    alive ? { page: pageId, restoreShape: { shapeId } } : { page: pageId, deleteShape: { shapeId } };
  const update = (shapeId: string, props: ShapeProps): WhiteboardOp => ({ page: pageId, updateProps: { shapeId, props } });
  switch (bodyCase(op)!) {
    case "createShape": {
      const id = op.createShape!.shapeId!;
      const shape = shapeOf(id);
      const drafts: WhiteboardOp[] = [];
      if (shape?.birth !== undefined) drafts.push(update(id, previous(shape, op.createShape!.props)));
      drafts.push(life(id, visible(shape)));
      return drafts;
    }
    case "updateProps": {
      const id = op.updateProps!.shapeId!;
      return [update(id, previous(shapeOf(id), op.updateProps!.props))];
    }
    case "reorder": {
      const id = op.reorder!.shapeId!;
      const shape = shapeOf(id);
      return [{ page: pageId, reorder: { shapeId: id, zIndex: shape === undefined ? "" : (shape.effective(Z_INDEX) as string) } }];
    }
    case "deleteShape":
      return [life(op.deleteShape!.shapeId!, visible(shapeOf(op.deleteShape!.shapeId!)))];
    case "restoreShape":
      return [life(op.restoreShape!.shapeId!, visible(shapeOf(op.restoreShape!.shapeId!)))];
    case "clearPage":
      return page === undefined
        ? []
        : [...page.shapes.values()].filter((shape) => shape.visible(page.cleared)).map((shape) => life(shape.id, true));
    case "addPage":
    case "removePage":
      return [pageInverse(pageId, page)];
  }
}

function pageInverse(pageId: string, page: Page | undefined): WhiteboardOp {
  return page?.live()
    ? { page: pageId, addPage: { title: page.title?.value ?? "", order: page.order?.value ?? "" } }
    : { page: pageId, removePage: {} };
}

/** The values, as shown now, of the fields `touched` sets. */
function previous(shape: Shape | undefined, touched: ShapeProps | undefined): ShapeProps {
  const values: Record<string, PropValue> = {};
  for (const field of PROP_FIELDS) {
    if (isSet(touched, field)) values[field.json] = shape === undefined ? (field.type === "int" ? 0 : "") : shape.effective(field);
  }
  return values as ShapeProps;
}

/**
 * One client's undo and redo. The redo entry is built when the undo runs, from what was shown
 * then, so others' edits made in between are kept; undo n then redo n shows the same board.
 */
export class UndoHistory {
  private readonly undoStack: WhiteboardOp[][] = [];
  private readonly redoStack: WhiteboardOp[][] = [];

  constructor(private readonly doc: WhiteboardDoc, private readonly author: LocalAuthor) {}

  /** Applies a batch this client made; a new action forgets what could be redone. */
  apply(batch: WhiteboardBatch): void {
    (batch.ops ?? []).forEach(requireWellFormed);
    const inverse = this.applyReversibly(batch);
    if (inverse.length > 0) {
      this.undoStack.push(inverse);
      this.redoStack.length = 0;
    }
  }

  /** Applies the undo of the latest batch and returns it, to be sent like any batch. */
  undo(): WhiteboardBatch | undefined {
    return this.move(this.undoStack, this.redoStack);
  }

  redo(): WhiteboardBatch | undefined {
    return this.move(this.redoStack, this.undoStack);
  }

  private move(from: WhiteboardOp[][], to: WhiteboardOp[][]): WhiteboardBatch | undefined {
    const drafts = from.pop();
    if (drafts === undefined) return undefined;
    const batch: WhiteboardBatch = { ops: drafts.map((draft) => this.author.stamp(draft)) };
    to.push(this.applyReversibly(batch));
    return batch;
  }

  /** Inverses last op first, so the first op's previous values get the newest clock. */
  private applyReversibly(batch: WhiteboardBatch): WhiteboardOp[] {
    const inverse: WhiteboardOp[] = [];
    for (const op of batch.ops ?? []) {
      const reverse = inverseOf(this.doc, op);
      this.doc.apply(op);
      inverse.unshift(...reverse);
    }
    return inverse;
  }
}
