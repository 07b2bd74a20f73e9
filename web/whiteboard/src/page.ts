import { escape } from "./canonical.js";
import { lifeText, maxRegister, type Register } from "./register.js";
import { Shape } from "./shape.js";
import { compareStamps, type Stamp } from "./stamp.js";

/** One page's replicated state: its registers, the newest clear, and its shapes by id. */
export class Page {
  life: Register<boolean> | undefined;
  title: Register<string> | undefined;
  order: Register<string> | undefined;
  cleared: Stamp | undefined;
  readonly shapes = new Map<string, Shape>();

  constructor(readonly id: string) {}

  /** The shape with this id, made empty (not shown) when an op refers to it first. */
  shape(shapeId: string): Shape {
    let shape = this.shapes.get(shapeId);
    if (shape === undefined) {
      shape = new Shape(shapeId);
      this.shapes.set(shapeId, shape);
    }
    return shape;
  }

  live(): boolean {
    return this.life?.value === true;
  }

  mergeLife(incoming: Register<boolean>): boolean {
    const merged = maxRegister(this.life, incoming, lifeText);
    const changed = merged !== this.life;
    this.life = merged;
    return changed;
  }

  mergeTitle(incoming: Register<string>): boolean {
    const merged = maxRegister(this.title, incoming, escape);
    const changed = merged !== this.title;
    this.title = merged;
    return changed;
  }

  mergeOrder(incoming: Register<string>): boolean {
    const merged = maxRegister(this.order, incoming, escape);
    const changed = merged !== this.order;
    this.order = merged;
    return changed;
  }

  /** Only the newest clear matters: it deletes everything an older one did. */
  mergeCleared(incoming: Stamp): boolean {
    if (this.cleared !== undefined && compareStamps(incoming, this.cleared) <= 0) return false;
    this.cleared = incoming;
    return true;
  }

  visibleCount(): number {
    let count = 0;
    for (const shape of this.shapes.values()) if (shape.visible(this.cleared)) count++;
    return count;
  }
}
