import { escape } from "./canonical.js";
import type { ShapeProps } from "./types.js";

export type PropValue = number | string;

export interface PropField {
  /** The .proto field name, used in digests. */
  readonly name: string;
  /** The proto3 JSON name, used in messages. */
  readonly json: keyof ShapeProps;
  readonly type: "int" | "string";
}

/** ShapeProps in field-number order: the order of the digest lines. Keep in step with the .proto. */
export const PROP_FIELDS: readonly PropField[] = [
  { name: "x", json: "x", type: "int" },
  { name: "y", json: "y", type: "int" },
  { name: "width", json: "width", type: "int" },
  { name: "height", json: "height", type: "int" },
  { name: "rotation", json: "rotation", type: "int" },
  { name: "stroke_color", json: "strokeColor", type: "string" },
  { name: "fill_color", json: "fillColor", type: "string" },
  { name: "stroke_width", json: "strokeWidth", type: "int" },
  { name: "opacity", json: "opacity", type: "int" },
  { name: "text", json: "text", type: "string" },
  { name: "font_size", json: "fontSize", type: "int" },
  { name: "z_index", json: "zIndex", type: "string" },
  { name: "image", json: "image", type: "string" },
];

export const Z_INDEX = PROP_FIELDS.find((field) => field.name === "z_index")!;

/** Decimal for integers, escaped text for strings. */
export function canonicalProp(field: PropField, value: PropValue): string {
  return field.type === "string" ? escape(value as string) : String(value);
}

/** What an unset field reads as. */
export function zero(field: PropField): PropValue {
  return field.type === "string" ? "" : 0;
}

export function isSet(props: ShapeProps | undefined, field: PropField): boolean {
  return props !== undefined && props[field.json] !== undefined && props[field.json] !== null;
}

/** The value as the proto would hold it: JSON may carry an integer as a string. */
export function readProp(props: ShapeProps, field: PropField): PropValue {
  const value = props[field.json] as PropValue;
  return field.type === "int" ? Number(value) : String(value);
}
