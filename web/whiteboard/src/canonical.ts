import { SHAPE_KINDS, type ShapeKind } from "./types.js";

/** Makes a string safe inside a tab-separated line; everything else stays as is. */
export function escape(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** The enum value's name from the .proto, or its number when this build does not know it. */
export function kindName(kind: ShapeKind | number | undefined): string {
  if (kind === undefined) return SHAPE_KINDS[0]!;
  if (typeof kind === "number") return SHAPE_KINDS[kind] ?? String(kind);
  return kind;
}

export function canonicalPoints(points: readonly number[]): string {
  return points.join(",");
}

/** SHA-256 as 64 lowercase hex digits, with WebCrypto (browsers and Node 20 alike). */
export async function sha256Hex(text: string): Promise<string> {
  const hash = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}
