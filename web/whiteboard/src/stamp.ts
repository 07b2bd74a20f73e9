import { escape } from "./canonical.js";
import type { StampJson, Uint64, WhiteboardOp } from "./types.js";

/** Who made an op and at which Lamport clock: the order every register resolves conflicts by. */
export interface Stamp {
  readonly lamport: bigint;
  readonly clientId: string;
}

export function toBigInt(value: Uint64 | undefined): bigint {
  return BigInt(value ?? 0);
}

export function stampOf(op: WhiteboardOp): Stamp {
  return { lamport: toBigInt(op.lamport), clientId: op.clientId ?? "" };
}

export function stampFromJson(json: StampJson | undefined): Stamp {
  return { lamport: toBigInt(json?.lamport), clientId: json?.clientId ?? "" };
}

export function stampToJson(stamp: Stamp): StampJson {
  // As proto3 JSON prints it: fields at their default left out.
  const json: StampJson = {};
  if (stamp.lamport !== 0n) json.lamport = stamp.lamport.toString();
  if (stamp.clientId !== "") json.clientId = stamp.clientId;
  return json;
}

/** By clock, then by client id in UTF-16 code-unit order (what Java's String.compareTo does too). */
export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.lamport !== b.lamport) return a.lamport < b.lamport ? -1 : 1;
  return compareStrings(a.clientId, b.clientId);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "lamport@client_id", the form the digests use. */
export function canonicalStamp(stamp: Stamp): string {
  return `${stamp.lamport}@${escape(stamp.clientId)}`;
}
