import getStroke from "perfect-freehand";
import { ShapeKind } from "../gen/ardoise/v1/whiteboard_pb";
import type { Board } from "./board";
import { scaleOf, type Camera } from "./camera";
import { handles } from "./handles";
import type { Pictures } from "./pictures";
import { bounds, type View } from "./shapes";

/** The page area first shown: 1600 × 1000 CSS px at 100 %, in units of 1/10 px. The board goes on past it. */
export const PAGE_W = 16_000;
export const PAGE_H = 10_000;

export interface Overlay {
  /** The shape being drawn by this client, before it is committed. */
  draft?: View;
  /** Offset of the selected shape while it is dragged. */
  drag?: { dx: number; dy: number };
  /** Geometry of the selected shape while a handle is dragged. */
  resize?: { x: number; y: number; width: number; height: number };
  /** Shapes the eraser has touched, deleted when it is lifted. */
  erasing?: Set<string>;
}

/** Grid dots every 40 px of the page, drawn only while they stay at least this many CSS px apart. */
const GRID = 400;
const GRID_MIN_PX = 12;

/** Paints the current page through the camera: shapes, others' live strokes and pointers, laser trails and this client's draft. */
export function render(canvas: HTMLCanvasElement, board: Board, overlay: Overlay, names: (id: string) => string, camera: Camera): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext("2d")!;
  // Device pixels per page unit: sizes divided by it stay the same on screen at any zoom.
  const scale = scaleOf(camera) * ratio;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, -camera.x * scale, -camera.y * scale);
  grid(ctx, camera, canvas.width / scale, canvas.height / scale, scale);

  for (const view of board.shapes()) {
    const selected = view.id === board.selected;
    const moved = selected && overlay.drag ? { ...view, ...shift(view, overlay.drag) } : selected && overlay.resize ? { ...view, ...overlay.resize } : view;
    if (overlay.erasing?.has(view.id)) {
      ctx.save();
      ctx.globalAlpha = 0.25;
      paint(ctx, moved, board.pictures);
      ctx.restore();
    } else paint(ctx, moved, board.pictures);
    if (view.id === board.selected) outline(ctx, moved, scale);
  }
  if (overlay.draft) paint(ctx, overlay.draft);
  for (const stroke of board.strokes.values()) {
    if (stroke.page !== board.page) continue;
    const kind = stroke.kind === ShapeKind.HIGHLIGHTER ? "SHAPE_KIND_HIGHLIGHTER" : "SHAPE_KIND_PEN";
    paint(ctx, freehand(kind, stroke.points.filter((value) => value !== undefined), stroke.color, stroke.width));
  }
  ctx.font = `${14 / scale}px system-ui, sans-serif`;
  for (const [id, cursor] of board.cursors) {
    if (cursor.page !== board.page) continue;
    ctx.fillStyle = "#d6336c";
    ctx.beginPath();
    ctx.arc(cursor.x, cursor.y, 6 / scale, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillText(names(id), cursor.x + 10 / scale, cursor.y - 8 / scale);
  }
  board.lasers.paint(ctx, board.page, scale);
}

function grid(ctx: CanvasRenderingContext2D, camera: Camera, width: number, height: number, scale: number): void {
  if (GRID * scale < GRID_MIN_PX * (window.devicePixelRatio || 1)) return;
  ctx.save();
  ctx.fillStyle = "#d5dbe1";
  const size = 1.5 / scale;
  for (let x = Math.ceil(camera.x / GRID) * GRID; x < camera.x + width; x += GRID) {
    for (let y = Math.ceil(camera.y / GRID) * GRID; y < camera.y + height; y += GRID) ctx.fillRect(x - size / 2, y - size / 2, size, size);
  }
  ctx.restore();
}

function shift(view: View, drag: { dx: number; dy: number }): Partial<View> {
  return { x: view.x + drag.dx, y: view.y + drag.dy, points: view.points.map((v, i) => v + (i % 2 ? drag.dy : drag.dx)) };
}

export function freehand(kind: string, points: number[], color: string, width: number): View {
  return {
    id: "", owner: "", kind, x: points[0] ?? 0, y: points[1] ?? 0, width: 0, height: 0, strokeColor: color,
    fillColor: "", strokeWidth: width, opacity: 100, text: "", fontSize: 0, zIndex: "", rotation: 0, image: "", points,
  };
}

function paint(ctx: CanvasRenderingContext2D, view: View, pictures?: Pictures): void {
  ctx.save();
  ctx.globalAlpha *= (view.opacity || 100) / 100;
  ctx.strokeStyle = view.strokeColor || "#1f2933";
  ctx.fillStyle = view.strokeColor || "#1f2933";
  ctx.lineWidth = view.strokeWidth || 20;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  switch (view.kind) {
    case "SHAPE_KIND_IMAGE": {
      const box = bounds(view);
      const picture = pictures?.get(view.image);
      ctx.translate(box.x + box.w / 2, box.y + box.h / 2);
      ctx.rotate(((view.rotation || 0) / 100) * (Math.PI / 180));
      // Until the picture has come, its place on the page shows.
      if (picture) ctx.drawImage(picture, -box.w / 2, -box.h / 2, box.w, box.h);
      else {
        ctx.fillStyle = "#f1f3f5";
        ctx.fillRect(-box.w / 2, -box.h / 2, box.w, box.h);
      }
      // A white slide on the white board would have no edge: a hairline of about one screen pixel at any zoom.
      const { a, b } = ctx.getTransform();
      ctx.lineWidth = 1 / (Math.hypot(a, b) || 1);
      ctx.strokeStyle = "#b8c0cc";
      ctx.strokeRect(-box.w / 2, -box.h / 2, box.w, box.h);
      break;
    }
    case "SHAPE_KIND_PEN":
    case "SHAPE_KIND_HIGHLIGHTER": {
      if (view.kind === "SHAPE_KIND_HIGHLIGHTER") ctx.globalAlpha *= 0.35;
      const pairs: [number, number][] = [];
      for (let i = 0; i + 1 < view.points.length; i += 2) pairs.push([view.points[i], view.points[i + 1]]);
      const outline = getStroke(pairs, { size: view.strokeWidth || 20, thinning: view.kind === "SHAPE_KIND_PEN" ? 0.5 : 0, simulatePressure: view.kind === "SHAPE_KIND_PEN" });
      if (outline.length > 0) {
        const path = new Path2D();
        path.moveTo(outline[0][0], outline[0][1]);
        for (const [x, y] of outline.slice(1)) path.lineTo(x, y);
        path.closePath();
        ctx.fill(path);
      }
      break;
    }
    case "SHAPE_KIND_LINE":
    case "SHAPE_KIND_ARROW": {
      const x2 = view.x + view.width;
      const y2 = view.y + view.height;
      ctx.beginPath();
      ctx.moveTo(view.x, view.y);
      ctx.lineTo(x2, y2);
      if (view.kind === "SHAPE_KIND_ARROW") {
        const angle = Math.atan2(view.height, view.width);
        const head = Math.max(80, ctx.lineWidth * 4);
        for (const side of [-1, 1]) {
          ctx.moveTo(x2, y2);
          ctx.lineTo(x2 - head * Math.cos(angle + side * 0.45), y2 - head * Math.sin(angle + side * 0.45));
        }
      }
      ctx.stroke();
      break;
    }
    case "SHAPE_KIND_RECTANGLE":
    case "SHAPE_KIND_ELLIPSE": {
      const box = bounds(view);
      ctx.beginPath();
      if (view.kind === "SHAPE_KIND_RECTANGLE") ctx.rect(box.x, box.y, box.w, box.h);
      else ctx.ellipse(box.x + box.w / 2, box.y + box.h / 2, box.w / 2, box.h / 2, 0, 0, Math.PI * 2);
      if (view.fillColor) {
        ctx.fillStyle = view.fillColor;
        ctx.fill();
      }
      ctx.stroke();
      break;
    }
    case "SHAPE_KIND_TEXT":
    case "SHAPE_KIND_STICKY_NOTE": {
      const box = bounds(view);
      const size = view.fontSize || 200;
      if (view.kind === "SHAPE_KIND_STICKY_NOTE") {
        ctx.fillStyle = view.fillColor || "#ffe066";
        ctx.fillRect(box.x, box.y, box.w, box.h);
        ctx.fillStyle = "#1f2933";
      }
      ctx.font = `${size}px system-ui, sans-serif`;
      ctx.textBaseline = "top";
      const pad = view.kind === "SHAPE_KIND_STICKY_NOTE" ? size / 2 : 0;
      wrap(ctx, view.text, box.w > 0 && view.kind === "SHAPE_KIND_STICKY_NOTE" ? box.w - 2 * pad : Infinity).forEach((line, i) =>
        ctx.fillText(line, box.x + pad, box.y + pad + i * size * 1.25),
      );
      break;
    }
  }
  ctx.restore();
}

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

function outline(ctx: CanvasRenderingContext2D, view: View, scale: number): void {
  const box = bounds(view);
  ctx.save();
  ctx.strokeStyle = "#1c7ed6";
  ctx.lineWidth = 2 / scale;
  ctx.setLineDash([6 / scale, 4 / scale]);
  ctx.strokeRect(box.x - 4 / scale, box.y - 4 / scale, box.w + 8 / scale, box.h + 8 / scale);
  ctx.setLineDash([]);
  ctx.fillStyle = "#ffffff";
  const size = 10 / scale;
  for (const handle of handles(view)) {
    ctx.fillRect(handle.x - size / 2, handle.y - size / 2, size, size);
    ctx.strokeRect(handle.x - size / 2, handle.y - size / 2, size, size);
  }
  ctx.restore();
}
