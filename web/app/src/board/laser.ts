import type { LiveStroke } from "../gen/ardoise/v1/whiteboard_pb";

/**
 * The teacher's laser pointer travels as live strokes with ids "<author>:laser:<n>": the room only
 * asks that a live stroke's id start with its author's id and a colon, and a shape's id is
 * "<author>:<clock>", so no shape id ever has this form. Every client draws them as a fading trail
 * and none is ever committed: today's room relays them like any stroke in progress and the
 * document never sees them.
 */
const MARK = "laser";
let made = 0;

/** A fresh laser stroke id of `author`: the time keeps ids apart across reloads. */
export function laserId(author: string): string {
  return `${author}:${MARK}:${Date.now().toString(36)}.${++made}`;
}

/** Whether a relayed stroke is a laser trail (its author, LiveStroke.client_id, is the room's word). */
export function isLaser(stroke: { strokeId: string; clientId: string }): boolean {
  return stroke.strokeId.startsWith(`${stroke.clientId}:${MARK}:`);
}
/** A point of the trail is gone this long after it was drawn. */
export const FADE_MS = 1500;
const COLOR = "255, 32, 32";

interface Trail {
  page: string;
  points: { x: number; y: number; at: number }[];
  /** The index the next point of the stroke has (LiveStroke.from_index): a repeat adds nothing. */
  next: number;
}

/** Laser trails, this client's and others', by stroke id. */
export class Lasers {
  private readonly trails = new Map<string, Trail>();

  /** Points this client draws itself, in page units. */
  add(strokeId: string, page: string, x: number, y: number, now = performance.now()): void {
    const trail = this.trail(strokeId, page);
    trail.points.push({ x, y, at: now });
    trail.next++;
  }

  /** A relayed LiveStroke: the first pair is absolute, the next ones deltas. */
  receive(stroke: LiveStroke, now = performance.now()): void {
    const trail = this.trail(stroke.strokeId, stroke.page);
    let x = 0;
    let y = 0;
    for (let i = 0; i + 1 < stroke.points.length; i += 2) {
      x = i === 0 ? stroke.points[0] : x + stroke.points[i];
      y = i === 0 ? stroke.points[1] : y + stroke.points[i + 1];
      const index = stroke.fromIndex + i / 2;
      if (index < trail.next) continue;
      trail.points.push({ x, y, at: now });
      trail.next = index + 1;
    }
  }

  /** Trails with a point still shown; faded points and empty trails are forgotten. */
  live(now = performance.now()): number {
    let count = 0;
    for (const [id, trail] of this.trails) {
      trail.points = trail.points.filter((point) => now - point.at < FADE_MS);
      if (trail.points.length === 0) this.trails.delete(id);
      else count++;
    }
    return count;
  }

  /** A glowing red line whose older parts are thinner and fainter. */
  paint(ctx: CanvasRenderingContext2D, page: string, scale: number, now = performance.now()): void {
    ctx.save();
    ctx.lineCap = "round";
    ctx.shadowColor = `rgb(${COLOR})`;
    ctx.shadowBlur = 12;
    for (const trail of this.trails.values()) {
      if (trail.page !== page) continue;
      const points = trail.points;
      if (points.length === 1) {
        ctx.fillStyle = `rgba(${COLOR}, ${fresh(points[0].at, now)})`;
        ctx.beginPath();
        ctx.arc(points[0].x, points[0].y, 4 / scale, 0, Math.PI * 2);
        ctx.fill();
      }
      for (let i = 1; i < points.length; i++) {
        const life = fresh(points[i].at, now);
        ctx.strokeStyle = `rgba(${COLOR}, ${life})`;
        ctx.lineWidth = (2 + 5 * life) / scale;
        ctx.beginPath();
        ctx.moveTo(points[i - 1].x, points[i - 1].y);
        ctx.lineTo(points[i].x, points[i].y);
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  private trail(strokeId: string, page: string): Trail {
    let trail = this.trails.get(strokeId);
    if (trail === undefined) {
      trail = { page, points: [], next: 0 };
      this.trails.set(strokeId, trail);
    }
    return trail;
  }
}

/** 1 for a point just drawn, 0 for one about to go. */
function fresh(at: number, now: number): number {
  return Math.max(0, 1 - (now - at) / FADE_MS);
}
