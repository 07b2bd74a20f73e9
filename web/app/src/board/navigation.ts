import { scaleOf, zoomAt, type Camera } from "./camera";

type Point = [number, number];

/**
 * Moving the view, never the drawing: a drag that pans (the caller says when: middle button,
 * space held, the hand tool, a board one may not draw on), two fingers that pinch and pan
 * together, and the wheel. Screen points are CSS pixels from the canvas's top-left corner.
 */
export class Navigation {
  private readonly fingers = new Map<number, Point>();
  private pan: { from: Point; camera: Camera } | undefined;
  private pinch: { distance: number; middle: Point; camera: Camera } | undefined;

  constructor(
    private readonly surface: HTMLElement,
    private readonly camera: () => Camera,
    private readonly setCamera: (camera: Camera) => void,
    private readonly size: () => Point,
  ) {}

  /**
   * A button or finger went down: true when the view takes it. `abandon` drops whatever the first
   * finger began drawing once a second one turns the gesture into a pinch.
   */
  down(event: PointerEvent, at: Point, panning: boolean, abandon: () => void): boolean {
    if (event.pointerType === "touch") {
      this.fingers.set(event.pointerId, at);
      if (this.fingers.size === 2) {
        abandon();
        this.pan = undefined;
        const [a, b] = [...this.fingers.values()];
        this.pinch = { distance: distance(a, b), middle: middle(a, b), camera: this.camera() };
        return true;
      }
      if (this.fingers.size > 2) return true;
    }
    if (!panning || (event.button !== 0 && event.button !== 1)) return false;
    this.pan = { from: at, camera: this.camera() };
    this.surface.dataset.panning = "true";
    return true;
  }

  /** The pointer moved: true when the view took the move. */
  move(event: PointerEvent, at: Point): boolean {
    if (this.fingers.has(event.pointerId)) this.fingers.set(event.pointerId, at);
    if (this.pinch) {
      if (this.fingers.size !== 2) return true;
      const [a, b] = [...this.fingers.values()];
      const [width, height] = this.size();
      const zoomed = zoomAt(this.pinch.camera, distance(a, b) / Math.max(this.pinch.distance, 1), this.pinch.middle, width, height);
      const now = middle(a, b);
      const s = scaleOf(zoomed);
      this.setCamera({ ...zoomed, x: zoomed.x - (now[0] - this.pinch.middle[0]) / s, y: zoomed.y - (now[1] - this.pinch.middle[1]) / s });
      return true;
    }
    if (this.pan) {
      const { from, camera } = this.pan;
      const s = scaleOf(camera);
      this.setCamera({ ...camera, x: camera.x - (at[0] - from[0]) / s, y: camera.y - (at[1] - from[1]) / s });
      return true;
    }
    return false;
  }

  /** The pointer went up (or was cancelled): true when it ended a move of the view. */
  up(event: PointerEvent): boolean {
    this.fingers.delete(event.pointerId);
    if (this.pinch) {
      if (this.fingers.size < 2) this.pinch = undefined;
      return true;
    }
    if (this.pan) {
      this.pan = undefined;
      delete this.surface.dataset.panning;
      return true;
    }
    return false;
  }

  /** A wheel turn, or a trackpad's pinch (which arrives as ctrl+wheel): a zoom around the pointer. */
  wheel(event: WheelEvent, at: Point): void {
    const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? this.size()[1] : 1;
    const factor = Math.exp(-event.deltaY * unit * (event.ctrlKey ? 0.01 : 0.002));
    this.setCamera(zoomAt(this.camera(), factor, at, ...this.size()));
  }
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function middle(a: Point, b: Point): Point {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}
