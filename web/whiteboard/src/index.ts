export { LocalAuthor } from "./author.js";
export { WhiteboardDoc, type ShapeInfo } from "./doc.js";
export { between, isKey } from "./fractional-index.js";
export {
  MAX_LAMPORT_LEAD,
  MAX_POINTS_PER_STROKE,
  MAX_SHAPES_PER_PAGE,
  MAX_TEXT_CHARS,
  check,
  checkCursor,
  checkLiveStroke,
  type Breach,
} from "./limits.js";
export { malformed } from "./op-check.js";
export { UndoHistory } from "./undo.js";
export * from "./types.js";
