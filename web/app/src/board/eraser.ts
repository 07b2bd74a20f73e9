import { bounds, type View } from "./shapes";

const LINEAR = new Set(["SHAPE_KIND_PEN", "SHAPE_KIND_HIGHLIGHTER", "SHAPE_KIND_LINE", "SHAPE_KIND_ARROW"]);

/**
 * Whether the eraser at `point` touches `view`, within `tolerance` page units: a stroke or a line
 * only where it is drawn (not across the empty box around it), other shapes anywhere in their box.
 */
export function touches(view: View, [px, py]: [number, number], tolerance: number): boolean {
  if (!LINEAR.has(view.kind)) {
    const box = bounds(view);
    return px >= box.x - tolerance && px <= box.x + box.w + tolerance && py >= box.y - tolerance && py <= box.y + box.h + tolerance;
  }
  const points = view.points.length >= 2 ? view.points : [view.x, view.y, view.x + view.width, view.y + view.height];
  const reach = tolerance + view.strokeWidth / 2;
  if (points.length === 2) return Math.hypot(points[0] - px, points[1] - py) <= reach;
  for (let i = 0; i + 3 < points.length; i += 2) {
    if (segmentDistance(px, py, points[i], points[i + 1], points[i + 2], points[i + 3]) <= reach) return true;
  }
  return false;
}

/** The points from `from` to `to` no further apart than `step`, so a fast sweep leaves no gap. */
export function along(from: [number, number], to: [number, number], step: number): [number, number][] {
  const count = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / Math.max(step, 1)));
  const out: [number, number][] = [];
  for (let i = 1; i <= count; i++) out.push([from[0] + ((to[0] - from[0]) * i) / count, from[1] + ((to[1] - from[1]) * i) / count]);
  return out;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
