// The messages of protocol/src/main/proto/ardoise/v1/whiteboard.proto in the proto3 JSON
// mapping (what JsonFormat prints and @bufbuild/protobuf's toJson gives): lowerCamelCase
// names, uint64 as a decimal string (a number is accepted too), enums by name, fields at their
// default left out. An `optional` ShapeProps field is set when its key is present, even with
// 0 or "".

export type ShapeKind =
  | "SHAPE_KIND_UNSPECIFIED"
  | "SHAPE_KIND_PEN"
  | "SHAPE_KIND_HIGHLIGHTER"
  | "SHAPE_KIND_LINE"
  | "SHAPE_KIND_ARROW"
  | "SHAPE_KIND_RECTANGLE"
  | "SHAPE_KIND_ELLIPSE"
  | "SHAPE_KIND_TEXT"
  | "SHAPE_KIND_STICKY_NOTE"
  | "SHAPE_KIND_IMAGE";

/** Enum values in number order, as in the .proto. */
export const SHAPE_KINDS: readonly ShapeKind[] = [
  "SHAPE_KIND_UNSPECIFIED",
  "SHAPE_KIND_PEN",
  "SHAPE_KIND_HIGHLIGHTER",
  "SHAPE_KIND_LINE",
  "SHAPE_KIND_ARROW",
  "SHAPE_KIND_RECTANGLE",
  "SHAPE_KIND_ELLIPSE",
  "SHAPE_KIND_TEXT",
  "SHAPE_KIND_STICKY_NOTE",
  "SHAPE_KIND_IMAGE",
];

export type Uint64 = string | number;

export interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  rotation?: number;
  strokeColor?: string;
  fillColor?: string;
  strokeWidth?: number;
  opacity?: number;
  text?: string;
  fontSize?: number;
  zIndex?: string;
  image?: string;
}

export interface CreateShape {
  shapeId?: string;
  kind?: ShapeKind | number;
  props?: ShapeProps;
  points?: number[];
}

export interface UpdateProps {
  shapeId?: string;
  props?: ShapeProps;
}

export interface ShapeRef {
  shapeId?: string;
}

export interface Reorder {
  shapeId?: string;
  zIndex?: string;
}

export interface AddPage {
  title?: string;
  order?: string;
}

export type Empty = Record<string, never>;

export interface WhiteboardOp {
  id?: string;
  lamport?: Uint64;
  clientId?: string;
  page?: string;
  createShape?: CreateShape;
  updateProps?: UpdateProps;
  deleteShape?: ShapeRef;
  restoreShape?: ShapeRef;
  reorder?: Reorder;
  clearPage?: Empty;
  addPage?: AddPage;
  removePage?: Empty;
}

export interface WhiteboardBatch {
  ops?: WhiteboardOp[];
}

export interface LiveStroke {
  strokeId?: string;
  page?: string;
  kind?: ShapeKind | number;
  color?: string;
  width?: number;
  fromIndex?: number;
  points?: number[];
}

export interface Cursor {
  page?: string;
  x?: number;
  y?: number;
  clientId?: string;
}

// ---- The replicated document (snapshots).

export interface StampJson {
  lamport?: Uint64;
  clientId?: string;
}

export interface LifeRegisterJson {
  stamp?: StampJson;
  alive?: boolean;
}

export interface StringRegisterJson {
  stamp?: StampJson;
  value?: string;
}

export interface ShapeBirthJson {
  stamp?: StampJson;
  kind?: ShapeKind | number;
  points?: number[];
}

export interface StampedPropsJson {
  stamp?: StampJson;
  props?: ShapeProps;
}

export interface ShapeStateJson {
  shapeId?: string;
  birth?: ShapeBirthJson;
  life?: LifeRegisterJson;
  props?: StampedPropsJson[];
}

export interface PageStateJson {
  pageId?: string;
  life?: LifeRegisterJson;
  title?: StringRegisterJson;
  order?: StringRegisterJson;
  cleared?: StampJson;
  shapes?: ShapeStateJson[];
}

export interface WhiteboardDocumentJson {
  maxLamport?: Uint64;
  pages?: PageStateJson[];
}
