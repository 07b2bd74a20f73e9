import { canonicalPoints } from "./canonical.js";
import { PROP_FIELDS, canonicalProp, isSet, readProp, zero, type PropField, type PropValue } from "./props.js";
import { lifeText, maxRegister, type Register } from "./register.js";
import { compareStamps, type Stamp } from "./stamp.js";
import type { ShapeProps } from "./types.js";

/** What a CreateShape fixes for the shape's whole life. `kind` is the canonical kind name. */
export interface Birth {
  readonly kind: string;
  readonly points: readonly number[];
}

export function birthText(birth: Birth): string {
  return `${birth.kind}\t${canonicalPoints(birth.points)}`;
}

/**
 * One shape's replicated state. Every write is a register merge, whatever the shape's life, so
 * the state never depends on arrival order.
 */
export class Shape {
  birth: Register<Birth> | undefined;
  life: Register<boolean> | undefined;
  /** Property registers by .proto field name. */
  readonly props = new Map<string, Register<PropValue>>();

  constructor(readonly id: string) {}

  mergeBirth(incoming: Register<Birth>): boolean {
    const merged = maxRegister(this.birth, incoming, birthText);
    const changed = merged !== this.birth;
    this.birth = merged;
    return changed;
  }

  mergeLife(incoming: Register<boolean>): boolean {
    const merged = maxRegister(this.life, incoming, lifeText);
    const changed = merged !== this.life;
    this.life = merged;
    return changed;
  }

  /** Writes every field set in `values`, each as its own register. */
  write(stamp: Stamp, values: ShapeProps | undefined): boolean {
    let changed = false;
    for (const field of PROP_FIELDS) {
      if (isSet(values, field)) {
        changed = this.mergeProp(field, { stamp, value: readProp(values!, field) }) || changed;
      }
    }
    return changed;
  }

  mergeProp(field: PropField, incoming: Register<PropValue>): boolean {
    const current = this.props.get(field.name);
    const merged = maxRegister(current, incoming, (value) => canonicalProp(field, value));
    this.props.set(field.name, merged);
    return merged !== current;
  }

  /** Created, alive by its newest create/delete/restore, and newer than the page's last clear. */
  visible(cleared: Stamp | undefined): boolean {
    return (
      this.birth !== undefined &&
      this.life !== undefined &&
      this.life.value &&
      (cleared === undefined || compareStamps(this.life.stamp, cleared) > 0)
    );
  }

  effective(field: PropField): PropValue {
    return this.props.get(field.name)?.value ?? zero(field);
  }
}
