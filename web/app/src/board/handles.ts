import type { View } from "./shapes";

/**
 * Resize handles of the selected shape. Geometry is the segment (x, y) → (x + width, y + height):
 * a line or arrow gets a handle at each end, a box-like shape one at each corner. Freehand strokes
 * and text have none: a stroke's points are immutable (only a move is possible) and a text's size
 * follows its font.
 */
export interface Handle {
  /** Which end the handle moves on each axis: 0 the (x, y) side, 1 the (x + width, y + height) side. */
  ix: 0 | 1;
  iy: 0 | 1;
  x: number;
  y: number;
}

const BOXES = new Set(["SHAPE_KIND_RECTANGLE", "SHAPE_KIND_ELLIPSE", "SHAPE_KIND_STICKY_NOTE"]);
const SEGMENTS = new Set(["SHAPE_KIND_LINE", "SHAPE_KIND_ARROW"]);

export function handles(view: View): Handle[] {
  const at = (ix: 0 | 1, iy: 0 | 1): Handle => ({ ix, iy, x: view.x + ix * view.width, y: view.y + iy * view.height });
  if (SEGMENTS.has(view.kind)) return [at(0, 0), at(1, 1)];
  if (BOXES.has(view.kind)) return [at(0, 0), at(1, 0), at(0, 1), at(1, 1)];
  return [];
}

/** The handle within `tolerance` (page units) of `point`, if any. */
export function handleAt(view: View, [px, py]: [number, number], tolerance: number): Handle | undefined {
  return handles(view).find((handle) => Math.abs(handle.x - px) <= tolerance && Math.abs(handle.y - py) <= tolerance);
}

/** The geometry once `handle` is dragged to `point`; the opposite side stays where it was. */
export function resized(view: View, handle: Handle, [px, py]: [number, number]): { x: number; y: number; width: number; height: number } {
  const x = handle.ix ? view.x : px;
  const y = handle.iy ? view.y : py;
  const width = handle.ix ? px - view.x : view.x + view.width - px;
  const height = handle.iy ? py - view.y : view.y + view.height - py;
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}
