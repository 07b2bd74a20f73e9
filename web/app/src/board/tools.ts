import type { WhiteboardOp } from "@ardoise/whiteboard";
import type { View } from "./shapes";

export type Tool = "select" | "pen" | "highlighter" | "line" | "arrow" | "rectangle" | "ellipse" | "text" | "sticky";
export const TOOLS: Tool[] = ["select", "pen", "highlighter", "line", "arrow", "rectangle", "ellipse", "text", "sticky"];

export const KIND: Record<Exclude<Tool, "select">, string> = {
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
