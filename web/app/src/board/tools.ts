import type { WhiteboardOp } from "@ardoise/whiteboard";
import type { View } from "./shapes";

/** The toolbar's order, which is also the order of the shortcuts' tooltips. */
export const TOOLS = ["select", "hand", "pen", "highlighter", "eraser", "line", "arrow", "rectangle", "ellipse", "text", "sticky", "laser"] as const;
export type Tool = (typeof TOOLS)[number];

/** Single-letter shortcuts, those of tldraw and Excalidraw where they agree. */
export const SHORTCUTS: Record<Tool, string> = {
  select: "V", hand: "H", pen: "P", highlighter: "M", eraser: "E", line: "L", arrow: "A",
  rectangle: "R", ellipse: "O", text: "T", sticky: "N", laser: "K",
};

/** Tools that make a shape, and its kind. */
export const KIND: Record<Exclude<Tool, "select" | "hand" | "eraser" | "laser">, string> = {
  pen: "SHAPE_KIND_PEN",
  highlighter: "SHAPE_KIND_HIGHLIGHTER",
  line: "SHAPE_KIND_LINE",
  arrow: "SHAPE_KIND_ARROW",
  rectangle: "SHAPE_KIND_RECTANGLE",
  ellipse: "SHAPE_KIND_ELLIPSE",
  text: "SHAPE_KIND_TEXT",
  sticky: "SHAPE_KIND_STICKY_NOTE",
};

export const FREEHAND = new Set<Tool>(["pen", "highlighter"]);

export const WIDTHS = ["thin", "medium", "thick"] as const;
export type Width = (typeof WIDTHS)[number];
const WIDTH_FACTOR: Record<Width, number> = { thin: 0.5, medium: 1, thick: 2 };

/**
 * Stroke width in page units (1/10 px). Medium is what the board always drew: 50 reads as a
 * marker on a laptop-sized board, a highlighter is four times as wide, outlines of shapes thinner.
 */
export function strokeWidth(tool: Tool, width: Width): number {
  const base = tool === "highlighter" ? 200 : FREEHAND.has(tool) ? 50 : 30;
  return base * WIDTH_FACTOR[width];
}

/** The CreateShape draft of a finished gesture; every field the kind uses is set (WHITEBOARD.md). */
export function createDraft(page: string, shapeId: string, zIndex: string, view: View): WhiteboardOp {
  const freehand = view.kind === "SHAPE_KIND_PEN" || view.kind === "SHAPE_KIND_HIGHLIGHTER";
  const textual = view.kind === "SHAPE_KIND_TEXT" || view.kind === "SHAPE_KIND_STICKY_NOTE";
  const x = Math.round(view.x);
  const y = Math.round(view.y);
  const points: number[] = [];
  if (freehand) {
    let px = x;
    let py = y;
    for (let i = 0; i + 1 < view.points.length; i += 2) {
      const ax = Math.round(view.points[i]);
      const ay = Math.round(view.points[i + 1]);
      points.push(ax - px, ay - py);
      px = ax;
      py = ay;
    }
  }
  return {
    page,
    createShape: {
      shapeId,
      kind: view.kind as never,
      props: {
        x,
        y,
        width: Math.round(view.width),
        height: Math.round(view.height),
        rotation: 0,
        strokeColor: view.strokeColor,
        fillColor: view.fillColor,
        strokeWidth: view.strokeWidth,
        opacity: 100,
        ...(textual ? { text: view.text, fontSize: view.fontSize } : {}),
        zIndex,
      },
      ...(freehand ? { points } : {}),
    },
  };
}
