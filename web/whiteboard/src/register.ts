import { compareStamps, compareStrings, type Stamp } from "./stamp.js";

/** A last-writer-wins register: holds the value of the write with the greatest stamp. */
export interface Register<V> {
  readonly stamp: Stamp;
  readonly value: V;
}

/**
 * The register left after `incoming` meets `current` (undefined when never written). Equal
 * stamps come from the same op applied twice or a client that reused a clock; the greater
 * canonical value then wins, so every replica keeps the same one. Returns `current` itself when
 * the incoming write loses, so callers detect change by identity.
 */
export function maxRegister<V>(
  current: Register<V> | undefined,
  incoming: Register<V>,
  canonical: (value: V) => string,
): Register<V> {
  if (current === undefined) return incoming;
  let order = compareStamps(incoming.stamp, current.stamp);
  if (order === 0) order = compareStrings(canonical(incoming.value), canonical(current.value));
  return order > 0 ? incoming : current;
}

/** Liveness registers: "dead" sorts after "alive", so a delete wins a tie. */
export function lifeText(alive: boolean): string {
  return alive ? "alive" : "dead";
}
