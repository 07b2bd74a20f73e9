import type { LiveStroke, ShapeProps, WhiteboardOp } from "./types.js";

// The sizes the room refuses (Java's WhiteboardLimits), checked before sending so that a
// well-behaved client is never refused.

export const MAX_POINTS_PER_STROKE = 5_000;
export const MAX_SHAPES_PER_PAGE = 20_000;
/** In UTF-16 code units: JavaScript's string length. */
export const MAX_TEXT_CHARS = 2_000;

/** The limit this op breaks on its own; the shapes-per-page limit needs the document. */
export function exceeded(op: WhiteboardOp): string | undefined {
  if (op.createShape) {
    if ((op.createShape.points?.length ?? 0) / 2 > MAX_POINTS_PER_STROKE) return strokeTooLong();
    return text(op.createShape.props);
  }
  return op.updateProps ? text(op.updateProps.props) : undefined;
}

export function liveStrokeExceeded(stroke: LiveStroke): string | undefined {
  const end = (stroke.fromIndex ?? 0) + Math.floor((stroke.points?.length ?? 0) / 2);
  return end > MAX_POINTS_PER_STROKE ? strokeTooLong() : undefined;
}

function strokeTooLong(): string {
  return `stroke longer than ${MAX_POINTS_PER_STROKE} points`;
}

function text(props: ShapeProps | undefined): string | undefined {
  return (props?.text?.length ?? 0) > MAX_TEXT_CHARS ? `text longer than ${MAX_TEXT_CHARS} characters` : undefined;
}
