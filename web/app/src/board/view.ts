import { checkCursor, checkLiveStroke } from "@ardoise/whiteboard";
import { h } from "../dom";
import { t } from "../i18n";
import { ShapeKind } from "../gen/ardoise/v1/whiteboard_pb";
import type { Body } from "../connection";
import type { RoomModel } from "../room";
import type { Board } from "./board";
import { COLORS } from "./colors";
import { handleAt, resized, type Handle } from "./handles";
import { PAGE_W, freehand, render, type Overlay } from "./render";
import { selectionBar } from "./selection-bar";
import { bounds, type View } from "./shapes";
import { FREEHAND, KIND, TOOLS, createDraft, type Tool } from "./tools";

// Ephemeral traffic (live strokes and pointers) is paced at this share of the server's rate, so the
// final pieces of strokes, which skip the pacing, still fit under it.
const EPHEMERAL_SHARE = 5 / 6;
// A handle is grabbed within this many CSS pixels; an arrow key moves the selection by 10 px (50 with Shift).
const GRIP_PX = 12;
const NUDGE = 100;

/** The board section: toolbar, pages, canvas and the pointer and keyboard gestures on it. */
export function boardView(board: Board, room: RoomModel, sendEphemeral: (body: Body) => void): { element: HTMLElement; refresh(): void } {
  let tool: Tool = "pen";
  let color: string = COLORS[0].value;
  let overlay: Overlay = {};
  let gesture: { start: [number, number]; points: number[]; id: string; sent: number; handle?: Handle } | undefined;
  let lastEphemeral = 0;

  const canvas = h("canvas", { tabindex: 0, role: "img", class: "board-canvas" });
  const textInput = h("input", { class: "board-text", "aria-label": t("textPrompt"), hidden: true });
  const notice = h("p", { class: "hint", role: "note" });
  const toolbar = h("div", { class: "toolbar", role: "toolbar", "aria-label": t("tools") });
  const pages = h("div", { class: "pages", role: "group", "aria-label": t("pages") });
  const wrap = h("div", { class: "canvas-wrap" }, canvas, textInput);
  const mayEdit = (view: View) => room.isTeacher || (room.mayDraw && view.owner === room.me);
  const selection = selectionBar(board, () => room.mayDraw, mayEdit);
  const element = h("section", { class: "board", "aria-labelledby": "board-title" }, h("h2", { id: "board-title", class: "visually-hidden" }, t("board")), toolbar, selection.element, pages, notice, wrap);

  const toPage = (event: PointerEvent | { offsetX: number; offsetY: number }): [number, number] => {
    const scale = canvas.clientWidth / PAGE_W;
    return [Math.round(event.offsetX / scale), Math.round(event.offsetY / scale)];
  };
  const selectedView = () => board.shapes().find((view) => view.id === board.selected);
  const paint = () => render(canvas, board, overlay, (id) => room.name(id));

  function ephemeral(body: Body, force = false): void {
    const now = performance.now();
    if (!force && now - lastEphemeral < 1000 / (room.limits.ephemeralPerSecond * EPHEMERAL_SHARE)) return;
    lastEphemeral = now;
    sendEphemeral(body);
  }

  function sendLive(final = false): void {
    if (!gesture) return;
    const pointsSent = gesture.sent;
    const fresh = gesture.points.slice(pointsSent * 2);
    if (fresh.length === 0) return;
    const carried: number[] = [];
    for (let i = 0; i < fresh.length; i += 2) {
      carried.push(i === 0 ? fresh[0] : fresh[i] - fresh[i - 2], i === 0 ? fresh[1] : fresh[i + 1] - fresh[i - 1]);
    }
    const stroke = {
      strokeId: gesture.id, page: board.page, kind: tool === "highlighter" ? ShapeKind.HIGHLIGHTER : ShapeKind.PEN,
      color, width: strokeWidth(), fromIndex: pointsSent, points: carried,
    };
    // What the room would refuse (past 5,000 points, off the board's bounds) is not sent; the final
    // CreateShape is checked the same way by board.commit.
    if (checkLiveStroke(stroke) !== undefined) return;
    const before = lastEphemeral;
    ephemeral({ case: "liveStroke", value: stroke } as Body, final);
    if (lastEphemeral !== before) gesture.sent = gesture.points.length / 2;
  }

  // Units are 1/10 px of a 1600-px page: 50 reads as a marker on a laptop-sized board.
  const strokeWidth = () => (tool === "highlighter" ? 200 : 50);

  function draftOf(end: [number, number]): View {
    const [x, y] = gesture!.start;
    if (FREEHAND.has(tool)) return freehand(KIND[tool as "pen"], gesture!.points, color, strokeWidth());
    const base = freehand(KIND[tool as "line"], [], color, 30);
    return { ...base, x, y, width: end[0] - x, height: end[1] - y, points: [] };
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (!room.mayDraw) return;
    canvas.focus();
    const at = toPage(event);
    if (tool === "select") {
      const current = selectedView();
      const handle = current && mayEdit(current) ? handleAt(current, at, GRIP_PX * (PAGE_W / canvas.clientWidth)) : undefined;
      if (current && handle) {
        gesture = { start: at, points: [], id: current.id, sent: 0, handle };
        canvas.setPointerCapture(event.pointerId);
        return;
      }
      const hit = [...board.shapes()].reverse().find((view) => inside(bounds(view), at));
      board.selected = hit && mayEdit(hit) ? hit.id : undefined;
      if (board.selected) {
        gesture = { start: at, points: [], id: board.selected, sent: 0 };
        canvas.setPointerCapture(event.pointerId);
      }
      paint();
      return;
    }
    if (tool === "text" || tool === "sticky") {
      // Without this the mousedown's default action would move focus back to the canvas.
      event.preventDefault();
      askText(at);
      return;
    }
    gesture = { start: at, points: [at[0], at[1]], id: board.newId(), sent: 0 };
    canvas.setPointerCapture(event.pointerId);
  });

  canvas.addEventListener("pointermove", (event) => {
    const at = toPage(event);
    if (!gesture) {
      const pointer = { page: board.page, x: at[0], y: at[1] };
      if (room.mayDraw && checkCursor(pointer) === undefined) ephemeral({ case: "cursor", value: pointer } as Body);
      return;
    }
    if (tool === "select") {
      const view = selectedView();
      if (gesture.handle && view) overlay = { resize: resized(view, gesture.handle, at) };
      else overlay = { drag: { dx: at[0] - gesture.start[0], dy: at[1] - gesture.start[1] } };
    } else {
      gesture.points.push(at[0], at[1]);
      if (FREEHAND.has(tool)) sendLive();
      overlay = { draft: draftOf(at) };
    }
    paint();
  });

  const finish = (event: PointerEvent) => {
    if (!gesture) return;
    const at = toPage(event);
    if (tool === "select") {
      const view = board.shapes().find((shape) => shape.id === gesture!.id);
      const drag = overlay.drag;
      if (view && overlay.resize) board.commit([{ page: board.page, updateProps: { shapeId: view.id, props: overlay.resize } }]);
      else if (view && drag && (drag.dx !== 0 || drag.dy !== 0)) {
        board.commit([{ page: board.page, updateProps: { shapeId: view.id, props: { x: view.x + drag.dx, y: view.y + drag.dy } } }]);
      }
    } else {
      sendLive(true);
      const draft = draftOf(at);
      const trivial = FREEHAND.has(tool) ? gesture.points.length < 2 : draft.width === 0 && draft.height === 0;
      if (!trivial) board.commit([createDraft(board.page, gesture.id, board.topIndex(), draft)]);
    }
    gesture = undefined;
    overlay = {};
    paint();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", () => {
    gesture = undefined;
    overlay = {};
    paint();
  });

  // Keyboard: Delete removes the selection, arrows move it, Ctrl+Z / Ctrl+Y undo and redo, Enter places text in the middle.
  const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  canvas.addEventListener("keydown", (event) => {
    const view = selectedView();
    const editable = view !== undefined && mayEdit(view);
    if ((event.key === "Delete" || event.key === "Backspace") && editable) {
      board.commit([{ page: board.page, deleteShape: { shapeId: view.id } }]);
      board.selected = undefined;
      board.changed();
    } else if (ARROWS[event.key] && editable) {
      const step = event.shiftKey ? 5 * NUDGE : NUDGE;
      const [dx, dy] = ARROWS[event.key];
      board.commit([{ page: board.page, updateProps: { shapeId: view.id, props: { x: view.x + dx * step, y: view.y + dy * step } } }]);
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") board.undo();
    else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "y") board.redo();
    else if (event.key === "Enter" && room.mayDraw && (tool === "text" || tool === "sticky")) askText([PAGE_W / 2 - 1000, 4000]);
    else return;
    event.preventDefault();
  });

  function askText(at: [number, number]): void {
    const scale = canvas.clientWidth / PAGE_W;
    textInput.hidden = false;
    textInput.value = "";
    textInput.style.left = `${at[0] * scale}px`;
    textInput.style.top = `${at[1] * scale}px`;
    textInput.focus();
    requestAnimationFrame(() => textInput.focus());
    textInput.onkeydown = (event) => {
      if (event.key === "Escape") {
        textInput.hidden = true;
        canvas.focus();
      }
      if (event.key !== "Enter") return;
      event.preventDefault();
      const text = textInput.value.trim();
      textInput.hidden = true;
      canvas.focus();
      if (!text) return;
      const sticky = tool === "sticky";
      const view: View = {
        ...freehand(KIND[sticky ? "sticky" : "text"], [], color, 0),
        x: at[0], y: at[1], width: sticky ? 2400 : 0, height: sticky ? 2000 : 0, text, fontSize: 360,
        fillColor: sticky ? "#ffe066" : "",
      };
      board.commit([createDraft(board.page, board.newId(), board.topIndex(), view)]);
    };
  }

  function button(label: string, onClick: () => void, attrs: Record<string, string | boolean> = {}): HTMLButtonElement {
    return h("button", { type: "button", ...attrs, onclick: onClick }, label);
  }

  function refresh(): void {
    const editable = room.mayDraw;
    canvas.setAttribute("aria-label", t("boardLabel", String(board.pages().findIndex((page) => page.id === board.page) + 1)));
    notice.textContent = editable ? "" : t("cannotDraw");
    toolbar.hidden = !editable;
    toolbar.replaceChildren(
      ...TOOLS.map((name) =>
        button(t(`tool.${name}` as "tool.pen"), () => {
          tool = name;
          refresh();
        }, { "aria-pressed": String(tool === name), "data-tool": name }),
      ),
      h("label", { class: "color" }, t("color"), h("select", {
        onchange: (event: Event) => (color = (event.target as HTMLSelectElement).value),
      }, ...COLORS.map((c) => h("option", { value: c.value, selected: c.value === color }, t(c.name))))),
      button(t("undo"), () => board.undo()),
      button(t("redo"), () => board.redo()),
    );
    selection.refresh();
    const list = board.pages();
    pages.hidden = list.length < 2 && !room.isTeacher;
    pages.replaceChildren(
      ...list.map((page, index) =>
        button(t("page", String(index + 1)), () => {
          board.page = page.id;
          board.selected = undefined;
          board.changed();
        }, { "aria-current": String(page.id === board.page) }),
      ),
      ...(room.isTeacher
        ? [
            button(t("addPage"), () => board.addPage(t("page", String(list.length + 1)))),
            button(t("clearPage"), () => board.commit([{ page: board.page, clearPage: {} }]), { "data-action": "clear-page" }),
            list.length > 1 ? button(t("removePage"), () => board.commit([{ page: board.page, removePage: {} }])) : null,
          ]
        : []
      ).filter((item): item is HTMLButtonElement => item !== null),
    );
    paint();
  }

  new ResizeObserver(paint).observe(canvas);
  setInterval(() => board.expire(), 1000);
  return { element, refresh };
}

function inside(box: { x: number; y: number; w: number; h: number }, [x, y]: [number, number]): boolean {
  return x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h;
}
