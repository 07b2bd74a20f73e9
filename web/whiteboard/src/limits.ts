import { cursorBounds, liveStrokeBounds, opBounds } from "./bounds.js";
import type { Cursor, LiveStroke, ShapeProps, WhiteboardOp } from "./types.js";

// The sizes and bounds the room refuses (Java's WhiteboardLimits), checked before sending so that a
// well-behaved client is never refused. The reasons are Java's word for word; whiteboard-bounds.json
// holds the cases both twins run.

export const MAX_POINTS_PER_STROKE = 5_000;
export const MAX_SHAPES_PER_PAGE = 20_000;
/** In UTF-16 code units: JavaScript's string length. */
export const MAX_TEXT_CHARS = 2_000;
export { MAX_LAMPORT_LEAD } from "./bounds.js";

/** Why the room would refuse a value; `code` is the Error code it answers with. */
export interface Breach {
  code: "too_large" | "invalid";
  reason: string;
}

/**
 * The first limit this op breaks on its own: sizes (too_large) before bounds (invalid). The
 * shapes-per-page limit needs the document.
 *
 * @param maxLamport the board's max_lamport as the judge sees it (for a client: its replica, with
 *     the batch's earlier ops)
 */
export function check(op: WhiteboardOp, maxLamport: bigint): Breach | undefined {
  const tooLarge = size(op);
  if (tooLarge !== undefined) return { code: "too_large", reason: tooLarge };
  return invalid(opBounds(op, maxLamport));
}

export function checkLiveStroke(stroke: LiveStroke): Breach | undefined {
  const end = (stroke.fromIndex ?? 0) + Math.floor((stroke.points?.length ?? 0) / 2);
  if (end > MAX_POINTS_PER_STROKE) return { code: "too_large", reason: strokeTooLong() };
  return invalid(liveStrokeBounds(stroke));
}

export function checkCursor(cursor: Cursor): Breach | undefined {
  return invalid(cursorBounds(cursor));
}

function size(op: WhiteboardOp): string | undefined {
  if (op.createShape) {
    if (Math.floor((op.createShape.points?.length ?? 0) / 2) > MAX_POINTS_PER_STROKE) return strokeTooLong();
    return text(op.createShape.props);
  }
  return op.updateProps ? text(op.updateProps.props) : undefined;
}

function invalid(reason: string | undefined): Breach | undefined {
  return reason === undefined ? undefined : { code: "invalid", reason };
}

function strokeTooLong(): string {
  return `stroke longer than ${MAX_POINTS_PER_STROKE} points`;
}

function text(props: ShapeProps | undefined): string | undefined {
  return (props?.text?.length ?? 0) > MAX_TEXT_CHARS ? `text longer than ${MAX_TEXT_CHARS} characters` : undefined;
}
