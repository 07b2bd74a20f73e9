import { fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import type { WhiteboardBatch as BatchJson, WhiteboardDocumentJson } from "@ardoise/whiteboard";
import {
  WhiteboardBatchSchema,
  WhiteboardDocumentSchema,
  type WhiteboardBatch,
  type WhiteboardDocument,
} from "../gen/ardoise/v1/whiteboard_pb";

// @ardoise/whiteboard speaks the proto3 JSON mapping (the form the Java twin's vectors use), the wire
// speaks generated messages: the library's own JSON conversion bridges the two exactly, including
// `optional` ShapeProps fields set to 0 or "" (they stay present) and uint64 clocks (decimal strings).

export function batchFromWire(batch: WhiteboardBatch): BatchJson {
  return toJson(WhiteboardBatchSchema, batch) as BatchJson;
}

export function batchToWire(batch: BatchJson): WhiteboardBatch {
  return fromJson(WhiteboardBatchSchema, batch as JsonValue);
}

export function documentFromWire(document: WhiteboardDocument | undefined): WhiteboardDocumentJson {
  return document === undefined ? {} : (toJson(WhiteboardDocumentSchema, document) as WhiteboardDocumentJson);
}
