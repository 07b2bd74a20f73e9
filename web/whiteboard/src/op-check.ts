import { kindName } from "./canonical.js";
import type { CreateShape, ShapeKind, ShapeProps, WhiteboardOp } from "./types.js";
import { PROP_FIELDS, isSet } from "./props.js";
import { toBigInt } from "./stamp.js";

/** The body an op carries, as the proto's oneof would report it. */
export type BodyCase =
  | "createShape"
  | "updateProps"
  | "deleteShape"
  | "restoreShape"
  | "reorder"
  | "clearPage"
  | "addPage"
  | "removePage";

const BODY_CASES: readonly BodyCase[] = [
  "createShape",
  "updateProps",
  "deleteShape",
  "restoreShape",
  "reorder",
  "clearPage",
  "addPage",
  "removePage",
];

export function bodyCase(op: WhiteboardOp): BodyCase | undefined {
  return BODY_CASES.find((name) => op[name] !== undefined && op[name] !== null);
}

export function isFreehand(kind: ShapeKind | number | undefined): boolean {
  const name = kindName(kind);
  return name === "SHAPE_KIND_PEN" || name === "SHAPE_KIND_HIGHLIGHTER";
}

/**
 * Why an op is malformed, whoever sent it, or undefined. The same reasons, word for word, as
 * Java's OpCheck.malformed.
 */
export function malformed(op: WhiteboardOp): string | undefined {
  if (!op.clientId) return "op without client_id";
  if (toBigInt(op.lamport) === 0n) return "op without lamport";
  if (!op.page) return "op without page";
  switch (bodyCase(op)) {
    case "createShape":
      return malformedCreate(op.createShape!);
    case "updateProps":
      if (!op.updateProps!.shapeId) return "op without shape_id";
      return PROP_FIELDS.some((field) => isSet(op.updateProps!.props, field))
        ? malformedImage(op.updateProps!.props!)
        : "update that sets no property";
    case "deleteShape":
      return op.deleteShape!.shapeId ? undefined : "op without shape_id";
    case "restoreShape":
      return op.restoreShape!.shapeId ? undefined : "op without shape_id";
    case "reorder":
      return op.reorder!.shapeId ? undefined : "op without shape_id";
    case "clearPage":
    case "addPage":
    case "removePage":
      return undefined;
    case undefined:
      return "op without body";
  }
}

export function requireWellFormed(op: WhiteboardOp): void {
  const reason = malformed(op);
  if (reason !== undefined) throw new Error(`${reason}: ${op.id ?? ""}`);
}

function malformedCreate(create: CreateShape): string | undefined {
  if (!create.shapeId) return "op without shape_id";
  if (kindName(create.kind) === "SHAPE_KIND_UNSPECIFIED") return "shape without kind";
  const points = create.points ?? [];
  if (points.length % 2 !== 0) return "odd number of point coordinates";
  if (points.length > 0 && !isFreehand(create.kind)) return "points on a shape that is not freehand";
  const image = kindName(create.kind) === "SHAPE_KIND_IMAGE";
  if (image !== isSet(create.props, IMAGE)) return image ? "image without its picture" : "picture on a shape that is not an image";
  return create.props === undefined ? undefined : malformedImage(create.props);
}

const IMAGE = PROP_FIELDS.find((field) => field.name === "image")!;
const SHA_256 = /^[0-9a-f]{64}$/;

/** A picture is named by its SHA-256, never a URL: a board cannot make browsers fetch from elsewhere. */
function malformedImage(props: ShapeProps): string | undefined {
  return isSet(props, IMAGE) && !SHA_256.test(String(props.image)) ? "picture that is not a SHA-256 in lower-case hex" : undefined;
}
