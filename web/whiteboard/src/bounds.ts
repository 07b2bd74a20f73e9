import { kindName } from "./canonical.js";
import { isKey } from "./fractional-index.js";
import { bodyCase, isFreehand } from "./op-check.js";
import { toBigInt } from "./stamp.js";
import { SHAPE_KINDS, type AddPage, type CreateShape, type Cursor, type LiveStroke, type ShapeKind, type ShapeProps, type WhiteboardOp } from "./types.js";

// The bounds of protocol/WHITEBOARD.md ("Sizes and bounds") on the values a client chooses and the
// class keeps: Java's Bounds, reason for reason and in the same order — lamport, ids, keys,
// colours, geometry, kinds, titles — so that both twins name the same first breach.

export const MAX_LAMPORT_LEAD = 100_000n;
export const MAX_ID_CHARS = 100;
export const MAX_KEY_CHARS = 100;
/** ±100,000 px, in the board's 1/10 px units. */
export const MAX_COORDINATE = 1_000_000;
/** 360 degrees either way, in 1/100 degree. */
export const MAX_ROTATION = 36_000;
export const MAX_STROKE_WIDTH = 2_000;
export const MAX_OPACITY = 100;
export const MAX_FONT_SIZE = 10_000;
/** In UTF-16 code units. */
export const MAX_TITLE_CHARS = 200;

// `$` without the m flag is the end of input only, as Java's matches() whole string.
const ID = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_ID_CHARS}}$`);
const COLOUR = /^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/;
// Java's Character.isISOControl.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function opBounds(op: WhiteboardOp, maxLamport: bigint): string | undefined {
  const lamport = toBigInt(op.lamport);
  if (lamport > maxLamport && lamport - maxLamport > MAX_LAMPORT_LEAD) return `lamport more than ${MAX_LAMPORT_LEAD} ahead of the board`;
  if (op.id && !ID.test(op.id)) return "malformed op id";
  const page = pageId(op.page);
  if (page !== undefined) return page;
  switch (bodyCase(op)) {
    case "createShape":
      return create(op.createShape!);
    case "updateProps":
      return shapeId(op.updateProps!.shapeId) ?? props(op.updateProps!.props);
    case "deleteShape":
      return shapeId(op.deleteShape!.shapeId);
    case "restoreShape":
      return shapeId(op.restoreShape!.shapeId);
    case "reorder":
      return shapeId(op.reorder!.shapeId) ?? zIndex(op.reorder!.zIndex);
    case "addPage":
      return addPage(op.addPage!);
    case "clearPage":
    case "removePage":
    case undefined:
      return undefined;
  }
}

export function liveStrokeBounds(stroke: LiveStroke): string | undefined {
  return (
    shapeId(stroke.strokeId) ??
    pageId(stroke.page) ??
    colour(stroke.color) ??
    atMost(stroke.width, MAX_STROKE_WIDTH, "width") ??
    points(stroke.points) ??
    known(stroke.kind) ??
    (isFreehand(stroke.kind) ? undefined : "live stroke that is not freehand")
  );
}

export function cursorBounds(cursor: Cursor): string | undefined {
  return pageId(cursor.page) ?? within(cursor.x, MAX_COORDINATE, "x") ?? within(cursor.y, MAX_COORDINATE, "y");
}

function create(create: CreateShape): string | undefined {
  return shapeId(create.shapeId) ?? props(create.props) ?? points(create.points) ?? known(create.kind);
}

/** Keys, colours, then geometry; an unset property reads 0 or "", which is always in bounds. */
function props(props: ShapeProps | undefined): string | undefined {
  if (props === undefined) return undefined;
  return (
    zIndex(props.zIndex) ??
    colour(props.strokeColor) ??
    colour(props.fillColor) ??
    within(props.x, MAX_COORDINATE, "x") ??
    within(props.y, MAX_COORDINATE, "y") ??
    within(props.width, MAX_COORDINATE, "width") ??
    within(props.height, MAX_COORDINATE, "height") ??
    within(props.rotation, MAX_ROTATION, "rotation") ??
    atMost(props.strokeWidth, MAX_STROKE_WIDTH, "stroke_width") ??
    atMost(props.opacity, MAX_OPACITY, "opacity") ??
    atMost(props.fontSize, MAX_FONT_SIZE, "font_size")
  );
}

function addPage(add: AddPage): string | undefined {
  if (!key(add.order ?? "")) return "malformed page order";
  const title = add.title ?? "";
  if (title.length > MAX_TITLE_CHARS) return `page title longer than ${MAX_TITLE_CHARS} characters`;
  return CONTROL.test(title) ? "control character in page title" : undefined;
}

/** Every absolute coordinate: the first pair as is, each next one the running sum of the deltas. */
function points(points: readonly number[] | undefined): string | undefined {
  const at = [0, 0];
  for (const [i, point] of (points ?? []).entries()) {
    at[i % 2] += point;
    if (!(Math.abs(at[i % 2]!) <= MAX_COORDINATE)) return "point out of range";
  }
  return undefined;
}

function known(kind: ShapeKind | number | undefined): string | undefined {
  const name = kindName(kind);
  return name === "SHAPE_KIND_UNSPECIFIED" || !(SHAPE_KINDS as readonly string[]).includes(name) ? "unknown shape kind" : undefined;
}

function pageId(page: string | undefined): string | undefined {
  return ID.test(page ?? "") ? undefined : "malformed page id";
}

function shapeId(shape: string | undefined): string | undefined {
  return ID.test(shape ?? "") ? undefined : "malformed shape id";
}

function zIndex(zIndex: string | undefined): string | undefined {
  return key(zIndex ?? "") ? undefined : "malformed z_index";
}

/** "" reads as the bottom of the order, so it stays allowed. */
function key(key: string): boolean {
  return key === "" || (key.length <= MAX_KEY_CHARS && isKey(key));
}

function colour(colour: string | undefined): string | undefined {
  return !colour || COLOUR.test(colour) ? undefined : "malformed colour";
}

// Written as "not within" so that NaN, which no wire value is, would be refused too.
function within(value: number | undefined, bound: number, name: string): string | undefined {
  return Math.abs(value ?? 0) <= bound ? undefined : `${name} out of range`;
}

/** A uint32 field. */
function atMost(value: number | undefined, bound: number, name: string): string | undefined {
  const v = value ?? 0;
  return v >= 0 && v <= bound ? undefined : `${name} out of range`;
}
