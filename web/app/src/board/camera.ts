import { MAX_COORDINATE } from "../../../whiteboard/src/bounds";
import { PAGE_H, PAGE_W } from "./render";

/**
 * What part of a page this client looks at: (x, y) is the page point at the canvas's top-left
 * corner, zoom 1 is 100 % (one CSS pixel per 10 page units). Local to each client, never sent.
 */
export interface Camera {
  x: number;
  y: number;
  zoom: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;
/** The +/− buttons and keys step by this factor. */
export const ZOOM_STEP = 1.25;
/** Fitting leaves this many CSS pixels around the content: the toolbar floats at the top, the page and zoom bars at the bottom. */
const MARGIN = { top: 64, bottom: 56, side: 16 };

/** CSS pixels per page unit. */
export const scaleOf = (camera: Camera) => camera.zoom / 10;

export function toScreen(camera: Camera, [x, y]: [number, number]): [number, number] {
  const s = scaleOf(camera);
  return [(x - camera.x) * s, (y - camera.y) * s];
}

export function toPage(camera: Camera, [sx, sy]: [number, number]): [number, number] {
  const s = scaleOf(camera);
  return [Math.round(camera.x + sx / s), Math.round(camera.y + sy / s)];
}

/**
 * Keeps the zoom in range and the whole view within the coordinates the room accepts, so that
 * wherever the pointer is, a point drawn there is one the room takes.
 */
export function clamp(camera: Camera, width: number, height: number): Camera {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, camera.zoom));
  const s = zoom / 10;
  const span = (size: number, at: number) => {
    const length = size / s;
    return Math.min(MAX_COORDINATE - length, Math.max(-MAX_COORDINATE, at));
  };
  return { x: span(width, camera.x), y: span(height, camera.y), zoom };
}

/** The camera after zooming by `factor`, keeping the page point under the screen point (sx, sy) still. */
export function zoomAt(camera: Camera, factor: number, [sx, sy]: [number, number], width: number, height: number): Camera {
  const [px, py] = toPage(camera, [sx, sy]);
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, camera.zoom * factor));
  const s = zoom / 10;
  return clamp({ x: px - sx / s, y: py - sy / s, zoom }, width, height);
}

/** The camera that shows `box` (page units) whole and centred; no bigger than 100 % for a small drawing. */
export function fit(box: { x: number; y: number; w: number; h: number } | undefined, width: number, height: number): Camera {
  const area = box ?? { x: 0, y: 0, w: PAGE_W, h: PAGE_H };
  const room = (size: number, margins: number) => Math.max(size - margins, size / 2);
  const across = room(width, 2 * MARGIN.side);
  const down = room(height, MARGIN.top + MARGIN.bottom);
  let zoom = 10 * Math.min(across / Math.max(area.w, 1), down / Math.max(area.h, 1));
  if (box !== undefined) zoom = Math.min(zoom, 1);
  zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
  const s = zoom / 10;
  // Centred in the space the bars leave (or in the canvas, when it is too small to leave any).
  const top = down === height / 2 ? height / 4 : MARGIN.top;
  return clamp({ x: area.x + area.w / 2 - width / 2 / s, y: area.y + area.h / 2 - (top + down / 2) / s, zoom }, width, height);
}
