import { PROP_FIELDS } from "../../../whiteboard/src/props";
import type { WhiteboardDoc } from "@ardoise/whiteboard";

/** A shape as drawn: its effective props, kind and absolute points (page units, 1/10 px). */
export interface View {
  id: string;
  owner: string;
  kind: string;
  x: number;
  y: number;
  width: number;
  height: number;
  strokeColor: string;
  fillColor: string;
  strokeWidth: number;
  opacity: number;
  text: string;
  fontSize: number;
  zIndex: string;
  rotation: number;
  image: string;
  points: number[];
}

/** The visible shapes of a page in paint order: ascending (z_index, shape_id). */
export function visibleShapes(doc: WhiteboardDoc, pageId: string): View[] {
  const page = doc.pages.get(pageId);
  if (page === undefined || !page.live()) return [];
  const views: View[] = [];
  for (const shape of page.shapes.values()) {
    if (!shape.visible(page.cleared) || shape.birth === undefined) continue;
    const props: Record<string, number | string> = {};
    for (const field of PROP_FIELDS) props[field.json] = shape.effective(field);
    const view = { ...props, id: shape.id, owner: shape.birth.stamp.clientId, kind: shape.birth.value.kind } as View;
    view.points = absolute(shape.birth.value.points, view.x, view.y);
    views.push(view);
  }
  return views.sort((a, b) => (a.zIndex < b.zIndex ? -1 : a.zIndex > b.zIndex ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Points are stored relative to (x, y), first pair as is and the next ones as deltas. */
export function absolute(deltas: readonly number[], x: number, y: number): number[] {
  const out: number[] = [];
  let px = x;
  let py = y;
  for (let i = 0; i + 1 < deltas.length; i += 2) {
    px += deltas[i];
    py += deltas[i + 1];
    out.push(px, py);
  }
  return out;
}

/** The inverse of absolute(): deltas relative to the origin (x, y). */
export function deltas(points: readonly number[], x: number, y: number): number[] {
  const out: number[] = [];
  let px = x;
  let py = y;
  for (let i = 0; i + 1 < points.length; i += 2) {
    out.push(points[i] - px, points[i + 1] - py);
    px = points[i];
    py = points[i + 1];
  }
  return out;
}

/** Pages that are shown, in ascending (order, page id). */
export function livePages(doc: WhiteboardDoc): { id: string; order: string }[] {
  return [...doc.pages.values()]
    .filter((page) => page.live())
    .map((page) => ({ id: page.id, order: page.order?.value ?? "" }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
}

/** Axis-aligned bounds, for hit tests and the selection outline. */
export function bounds(view: View): { x: number; y: number; w: number; h: number } {
  if (view.points.length >= 2) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i + 1 < view.points.length; i += 2) {
      minX = Math.min(minX, view.points[i]);
      maxX = Math.max(maxX, view.points[i]);
      minY = Math.min(minY, view.points[i + 1]);
      maxY = Math.max(maxY, view.points[i + 1]);
    }
    const pad = view.strokeWidth;
    return { x: minX - pad, y: minY - pad, w: maxX - minX + 2 * pad, h: maxY - minY + 2 * pad };
  }
  if (view.kind === "SHAPE_KIND_TEXT" && view.width === 0) {
    const w = view.text.length * view.fontSize * 0.6;
    return { x: view.x, y: view.y, w, h: view.fontSize * 1.3 };
  }
  return {
    x: Math.min(view.x, view.x + view.width),
    y: Math.min(view.y, view.y + view.height),
    w: Math.abs(view.width),
    h: Math.abs(view.height),
  };
}
