import { create } from "@bufbuild/protobuf";
import { checkCursor, checkLiveStroke } from "@ardoise/whiteboard";
import { h } from "../dom";
import { isKey, t } from "../i18n";
import { ShapeKind } from "../gen/ardoise/v1/whiteboard_pb";
import { PresentedViewSchema, type Presentation, type PresentedView } from "../gen/ardoise/v1/room_pb";
import type { Body } from "../connection";
import type { RoomModel } from "../room";
import type { Board } from "./board";
import "./board.css";
import { ZOOM_STEP, clamp, fit, scaleOf, toPage, toScreen, zoomAt, type Camera } from "./camera";
import { COLORS } from "./colors";
import { uploadDocument, type ClassLink, type DocumentStatus } from "./documents";
import { along, touches as erases } from "./eraser";
import { handleAt, resized, type Handle } from "./handles";
import { laserId } from "./laser";
import { Navigation } from "./navigation";
import { downloadButton } from "./download";
import { pageBar } from "./pages";
import { Presenting } from "./presenting";
import { freehand, render, type Overlay } from "./render";
import { selectionBar } from "./selection-bar";
import { bounds, type View } from "./shapes";
import { listenShortcuts } from "./shortcuts";
import { pageStrip } from "./strip";
import { toolbar, type ToolState } from "./toolbar";
import { FREEHAND, KIND, createDraft, strokeWidth, type Tool } from "./tools";
import { zoomWidget } from "./zoom";

// Ephemeral traffic (live strokes, laser and pointers) is paced at this share of the server's rate, so the
// final pieces of strokes, which skip the pacing, still fit under it.
const EPHEMERAL_SHARE = 5 / 6;
// A handle is grabbed, and the eraser touches, within this many CSS pixels; an arrow key moves the
// selection by 10 px of the page (50 with Shift).
const GRIP_PX = 12;
const ERASER_PX = 8;
const NUDGE = 100;
// A laser sweep starts a new stroke id well before the room's 5,000 points per live stroke.
const LASER_POINTS = 4_000;
const LASER_COLOR = "#ff2020";
const ERASE_BATCH = 200;
const LASER_WIDTH = 40;

type Box = { x: number; y: number; w: number; h: number };

interface Gesture {
  start: [number, number];
  points: number[];
  id: string;
  sent: number;
  handle?: Handle;
  /** The eraser's catch so far, deleted together when it is lifted. */
  erased?: Set<string>;
}

/**
 * The board section: a canvas over an unbounded page seen through a local camera, with floating
 * toolbar, selection bar, page bar and zoom widget, the pointer and keyboard gestures on it, and the
 * strip of pages under it. A teacher's turns and moves are presented; a student's board follows them.
 */
export function boardView(board: Board, room: RoomModel, sendEphemeral: (body: Body) => void, link: ClassLink,
  send: (body: Body) => void): { element: HTMLElement; refresh(): void; presenting: Presenting } {
  const state: ToolState = { tool: "pen", color: COLORS[0].value, width: "medium" };
  let overlay: Overlay = {};
  let gesture: Gesture | undefined;
  // Pages whose camera this participant moved; the others stay fitted to the same area as the
  // canvas's size changes (not to the content of the moment: drawing never moves the view).
  const moved = new Set<string>();
  const fittedTo = new Map<string, Box | undefined>();
  let spaceHeld = false;
  let lastEphemeral = 0;
  let animating = false;

  const canvas = h("canvas", { tabindex: 0, role: "img", class: "board-canvas" });
  const textInput = h("input", { class: "board-text", "aria-label": t("textPrompt"), hidden: true });
  const notice = h("p", { class: "board-notice", role: "note" });
  const mayEdit = (view: View) => room.isTeacher || (room.mayDraw && view.owner === room.me);
  const progress = h("p", { class: "board-notice board-progress", role: "status", "data-document-status": "", hidden: true });
  const tools = toolbar(state, { choose, undo: () => board.undo(), redo: () => board.redo() }, () => room.isTeacher);
  const selection = selectionBar(board, () => room.mayDraw, mayEdit);
  const presenting = new Presenting({
    isTeacher: () => room.isTeacher,
    me: () => room.me,
    page: () => board.page,
    view: presentedView,
    show: follow,
    send: (body, settled) => (settled ? send(body) : sendEphemeral(body)),
    changed: () => strip.refresh(),
  });
  const pages = pageBar(board, () => room.isTeacher, upload, turn);
  const strip = pageStrip(board, presenting, link, turn);
  const zoom = zoomWidget({ zoomIn: () => zoomBy(ZOOM_STEP), zoomOut: () => zoomBy(1 / ZOOM_STEP), reset: () => zoomBy(1 / camera().zoom), fit: fitView });
  const exporting = downloadButton(link, () => room.isTeacher || room.locks.studentsMayDownload, () => room.title, (text) => {
    progress.textContent = text;
    progress.hidden = text === "";
  });
  const wrap = h("div", { class: "canvas-wrap" }, canvas, textInput, tools.element, notice, progress, selection.element, pages.element, zoom.element, exporting.element);
  const element = h("section", { class: "board", "aria-labelledby": "board-title" }, h("h2", { id: "board-title", class: "visually-hidden" }, t("board")), wrap, strip.element);

  const size = (): [number, number] => [canvas.clientWidth, canvas.clientHeight];
  const at = (event: PointerEvent | WheelEvent): [number, number] => [event.offsetX, event.offsetY];
  const selectedView = () => board.shapes().find((view) => view.id === board.selected);
  const navigation = new Navigation(wrap, camera, setCamera, size);

  /** This page's camera; the first look at a page fits what it holds (or the page area when empty). */
  function camera(): Camera {
    const known = board.cameras.get(board.page);
    if (known !== undefined) return known;
    const area = contentBounds();
    const fitted = fit(area, ...size());
    if (canvas.clientWidth > 0) {
      board.cameras.set(board.page, fitted);
      fittedTo.set(board.page, area);
    }
    return fitted;
  }

  /** The view moved by this participant's hand (never by following): presented, or a student's own. */
  function setCamera(next: Camera): void {
    board.cameras.set(board.page, clamp(next, ...size()));
    moved.add(board.page);
    paint();
    presenting.moved();
  }

  /** This participant turned to `pageId` (the page bar, a thumbnail): presented, or a student's own. */
  function turn(pageId: string): void {
    board.page = pageId;
    board.selected = undefined;
    board.changed();
    presenting.turned();
  }

  /** What this board shows, as a presenter sends it: the camera and the part of the page it covers. */
  function presentedView(): PresentedView {
    const view = camera();
    const s = scaleOf(view);
    const [width, height] = size();
    return create(PresentedViewSchema, { x: view.x, y: view.y, zoom: view.zoom, width: Math.max(width, 1) / s, height: Math.max(height, 1) / s });
  }

  /**
   * Shows the presented page and view: the presenter's area centred, at their zoom, or zoomed out as far as
   * this board needs to hold it all (a phone following a wide screen). A page this replica does not show
   * (removed since) leaves the board where it is.
   */
  function follow(presentation: Presentation): void {
    if (!board.doc.pageIsLive(presentation.pageId)) return;
    board.page = presentation.pageId;
    board.selected = undefined;
    const shown = presentation.view;
    const [width, height] = size();
    if (shown === undefined || width === 0) {
      board.cameras.delete(board.page);
      moved.delete(board.page);
    } else {
      const zoom = Math.min(shown.zoom, 10 * Math.min(width / shown.width, height / shown.height));
      const s = zoom / 10;
      const centre = [shown.x + shown.width / 2, shown.y + shown.height / 2];
      board.cameras.set(board.page, clamp({ x: centre[0] - width / 2 / s, y: centre[1] - height / 2 / s, zoom }, width, height));
      moved.add(board.page);
    }
    board.changed();
  }

  function zoomBy(factor: number): void {
    const [width, height] = size();
    setCamera(zoomAt(camera(), factor, [width / 2, height / 2], width, height));
  }

  function fitView(): void {
    board.cameras.delete(board.page);
    moved.delete(board.page);
    paint();
    presenting.moved();
  }

  function contentBounds(): Box | undefined {
    const boxes = board.shapes().map(bounds);
    if (boxes.length === 0) return undefined;
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    return { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y };
  }

  function paint(): void {
    const view = camera();
    // Trails fade with time, not with events: while one shows, every frame repaints.
    const lasers = board.lasers.live();
    render(canvas, board, overlay, (id) => room.name(id), view);
    zoom.show(view.zoom);
    if (lasers > 0 && !animating) {
      animating = true;
      requestAnimationFrame(() => {
        animating = false;
        paint();
      });
    }
  }

  function choose(tool: Tool): void {
    state.tool = tool;
    wrap.dataset.tool = tool;
    tools.refresh();
  }

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
    const laser = state.tool === "laser";
    const stroke = {
      strokeId: gesture.id, page: board.page, kind: state.tool === "highlighter" ? ShapeKind.HIGHLIGHTER : ShapeKind.PEN,
      color: laser ? LASER_COLOR : state.color, width: laser ? LASER_WIDTH : strokeWidth(state.tool, state.width), fromIndex: pointsSent, points: carried,
    };
    // What the room would refuse (past 5,000 points, off the board's bounds) is not sent; the final
    // CreateShape is checked the same way by board.commit.
    if (checkLiveStroke(stroke) !== undefined) return;
    const before = lastEphemeral;
    ephemeral({ case: "liveStroke", value: stroke } as Body, final);
    if (lastEphemeral !== before) gesture.sent = gesture.points.length / 2;
  }

  function draftOf(end: [number, number]): View {
    const [x, y] = gesture!.start;
    const width = strokeWidth(state.tool, state.width);
    if (FREEHAND.has(state.tool)) return freehand(KIND[state.tool as "pen"], gesture!.points, state.color, width);
    const base = freehand(KIND[state.tool as "line"], [], state.color, width);
    return { ...base, x, y, width: end[0] - x, height: end[1] - y, points: [] };
  }

  /** The eraser moved from `from` to `to`: every editable shape it touched on the way joins the catch. */
  function erase(from: [number, number], to: [number, number]): void {
    const tolerance = ERASER_PX / scaleOf(camera());
    const candidates = board.shapes().filter((view) => mayEdit(view) && !gesture!.erased!.has(view.id));
    for (const point of along(from, to, tolerance)) {
      for (const view of candidates) if (erases(view, point, tolerance)) gesture!.erased!.add(view.id);
    }
    overlay = { erasing: gesture!.erased };
  }

  function abandon(): void {
    gesture = undefined;
    overlay = {};
  }

  canvas.addEventListener("pointerdown", (event) => {
    const screen = at(event);
    const panning = event.button === 1 || spaceHeld || state.tool === "hand" || !room.mayDraw;
    if (navigation.down(event, screen, panning, abandon)) {
      // No autoscroll on a middle click.
      event.preventDefault();
      canvas.focus();
      canvas.setPointerCapture(event.pointerId);
      paint();
      return;
    }
    if (event.button !== 0) return;
    canvas.focus();
    const point = toPage(camera(), screen);
    if (state.tool === "select") {
      const current = selectedView();
      const handle = current && mayEdit(current) ? handleAt(current, point, GRIP_PX / scaleOf(camera())) : undefined;
      if (current && handle) {
        gesture = { start: point, points: [], id: current.id, sent: 0, handle };
        canvas.setPointerCapture(event.pointerId);
        return;
      }
      const hit = [...board.shapes()].reverse().find((view) => inside(bounds(view), point));
      board.selected = hit && mayEdit(hit) ? hit.id : undefined;
      if (board.selected) {
        gesture = { start: point, points: [], id: board.selected, sent: 0 };
        canvas.setPointerCapture(event.pointerId);
      }
      selection.refresh();
      paint();
      return;
    }
    if (state.tool === "text" || state.tool === "sticky") {
      // Without this the mousedown's default action would move focus back to the canvas.
      event.preventDefault();
      askText(point);
      return;
    }
    if (state.tool === "eraser") {
      gesture = { start: point, points: [point[0], point[1]], id: "", sent: 0, erased: new Set() };
      erase(point, point);
      canvas.setPointerCapture(event.pointerId);
      paint();
      return;
    }
    const id = state.tool === "laser" ? laserId(room.me) : board.newId();
    gesture = { start: point, points: [point[0], point[1]], id, sent: 0 };
    if (state.tool === "laser") {
      board.lasers.add(id, board.page, point[0], point[1]);
      sendLive();
      paint();
    }
    canvas.setPointerCapture(event.pointerId);
  });

  canvas.addEventListener("pointermove", (event) => {
    const screen = at(event);
    if (navigation.move(event, screen)) return;
    const point = toPage(camera(), screen);
    if (!gesture) {
      const pointer = { page: board.page, x: point[0], y: point[1] };
      if (room.mayDraw && checkCursor(pointer) === undefined) ephemeral({ case: "cursor", value: pointer } as Body);
      return;
    }
    if (state.tool === "select") {
      const view = selectedView();
      if (gesture.handle && view) overlay = { resize: resized(view, gesture.handle, point) };
      else overlay = { drag: { dx: point[0] - gesture.start[0], dy: point[1] - gesture.start[1] } };
    } else if (state.tool === "eraser") {
      const last: [number, number] = [gesture.points.at(-2)!, gesture.points.at(-1)!];
      gesture.points.push(point[0], point[1]);
      erase(last, point);
    } else if (state.tool === "laser") {
      gesture.points.push(point[0], point[1]);
      board.lasers.add(gesture.id, board.page, point[0], point[1]);
      sendLive();
      if (gesture.points.length / 2 >= LASER_POINTS) {
        sendLive(true);
        gesture = { start: point, points: [point[0], point[1]], id: laserId(room.me), sent: 0 };
      }
    } else {
      gesture.points.push(point[0], point[1]);
      if (FREEHAND.has(state.tool)) sendLive();
      overlay = { draft: draftOf(point) };
    }
    paint();
  });

  const finish = (event: PointerEvent) => {
    if (navigation.up(event) || !gesture) return;
    const point = toPage(camera(), at(event));
    if (state.tool === "select") {
      const view = board.shapes().find((shape) => shape.id === gesture!.id);
      const drag = overlay.drag;
      if (view && overlay.resize) board.commit([{ page: board.page, updateProps: { shapeId: view.id, props: overlay.resize } }]);
      else if (view && drag && (drag.dx !== 0 || drag.dy !== 0)) {
        board.commit([{ page: board.page, updateProps: { shapeId: view.id, props: { x: view.x + drag.dx, y: view.y + drag.dy } } }]);
      }
    } else if (state.tool === "eraser") {
      const caught = [...gesture.erased!];
      // One batch, so one undo brings back everything the sweep took; only a sweep past a frame's
      // 64 KiB (hundreds of shapes: this client does not split batches) takes several.
      for (let i = 0; i < caught.length; i += ERASE_BATCH) {
        board.commit(caught.slice(i, i + ERASE_BATCH).map((shapeId) => ({ page: board.page, deleteShape: { shapeId } })));
      }
      if (board.selected !== undefined && caught.includes(board.selected)) board.selected = undefined;
    } else if (state.tool === "laser") {
      sendLive(true);
    } else {
      sendLive(true);
      const draft = draftOf(point);
      const trivial = FREEHAND.has(state.tool) ? gesture.points.length < 2 : draft.width === 0 && draft.height === 0;
      if (!trivial) board.commit([createDraft(board.page, gesture.id, board.topIndex(), draft)]);
    }
    abandon();
    board.changed();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", (event) => {
    navigation.up(event);
    abandon();
    paint();
  });

  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    navigation.wheel(event, at(event));
  }, { passive: false });

  // On the canvas: Delete removes the selection, arrows move it, Enter places text in the middle of the view.
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
    } else if (event.key === "Enter" && room.mayDraw && (state.tool === "text" || state.tool === "sticky")) {
      const [width, height] = size();
      askText(toPage(camera(), [width / 2 - 100, height / 2]));
    } else return;
    event.preventDefault();
  });

  listenShortcuts(element, canvas, () => !textInput.hidden, {
    choose,
    mayChoose: (tool) => room.mayDraw && (tool !== "laser" || room.isTeacher),
    undo: () => board.undo(),
    redo: () => board.redo(),
    zoomIn: () => zoomBy(ZOOM_STEP),
    zoomOut: () => zoomBy(1 / ZOOM_STEP),
    reset: () => zoomBy(1 / camera().zoom),
    fit: fitView,
    space(held) {
      spaceHeld = held;
      if (held) wrap.dataset.space = "true";
      else delete wrap.dataset.space;
    },
  });

  function askText(point: [number, number]): void {
    const [x, y] = toScreen(camera(), point);
    const sticky = state.tool === "sticky";
    textInput.hidden = false;
    textInput.value = "";
    textInput.style.left = `${x}px`;
    textInput.style.top = `${y}px`;
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
      const view: View = {
        ...freehand(KIND[sticky ? "sticky" : "text"], [], state.color, 0),
        x: point[0], y: point[1], width: sticky ? 2400 : 0, height: sticky ? 2000 : 0, text, fontSize: 360,
        fillColor: sticky ? "#ffe066" : "",
      };
      board.commit([createDraft(board.page, board.newId(), board.topIndex(), view)]);
    };
  }

  /** Uploads the file, tells its conversion, then adds each page as a board page and shows the first. */
  async function upload(file: File): Promise<void> {
    const say = (text: string) => {
      progress.textContent = text;
      progress.hidden = false;
    };
    say(t("uploading", file.name));
    try {
      const done = await uploadDocument(link.roomId, link.token(), file, (status) => {
        if (status.status === "converting") say(t("converting", file.name, String(status.pagesDone ?? 0), String(status.pagesTotal || "?")));
        else if (status.status === "storing") say(t("storing", file.name));
      }, (percent) => say(t("uploadingPercent", file.name, String(percent))));
      if (done.status !== "ready" || !done.pages) {
        say(t("documentFailed", documentError(done)));
        return;
      }
      const name = file.name.replace(/\.[^.]+$/, "");
      let first: string | undefined;
      done.pages.forEach((page, index) => {
        const id = board.addPicturePage(`${name} ${index + 1}`, page.image, page.width, page.height);
        first ??= id;
      });
      if (first !== undefined) turn(first);
      progress.hidden = true;
    } catch {
      say(t("documentFailed", ""));
    }
  }

  /** The refusal in the page's language when the client knows its code, else as the server worded it. */
  function documentError(status: DocumentStatus): string {
    const key = `documentError.${status.error ?? ""}`;
    return isKey(key) ? t(key) : status.message ?? "";
  }

  function refresh(): void {
    canvas.setAttribute("aria-label", t("boardLabel", String(board.pages().findIndex((page) => page.id === board.page) + 1)));
    notice.textContent = room.mayDraw ? "" : t("cannotDraw");
    notice.hidden = room.mayDraw;
    tools.element.hidden = !room.mayDraw;
    if (!room.mayDraw && gesture) abandon();
    if (state.tool === "laser" && !room.isTeacher) choose("pen");
    tools.refresh();
    selection.refresh();
    pages.refresh();
    strip.refresh();
    exporting.refresh();
    paint();
  }

  wrap.dataset.tool = state.tool;
  new ResizeObserver(() => {
    // A page nobody moved stays fitted to the canvas as the layout settles.
    if (canvas.clientWidth === 0) return;
    for (const page of board.cameras.keys()) if (!moved.has(page)) board.cameras.set(page, fit(fittedTo.get(page), ...size()));
    // A follower keeps the presenter's area in sight as its own board changes size.
    if (presenting.following && !room.isTeacher && presenting.presented) follow(presenting.presented);
    paint();
  }).observe(canvas);
  setInterval(() => board.expire(), 1000);
  return { element, refresh, presenting };
}

function inside(box: Box, [x, y]: [number, number]): boolean {
  return x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h;
}
