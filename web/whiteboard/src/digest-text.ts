import { canonicalPoints, escape } from "./canonical.js";
import type { WhiteboardDoc } from "./doc.js";
import type { Page } from "./page.js";
import { PROP_FIELDS, Z_INDEX, canonicalProp, zero } from "./props.js";
import { lifeText, type Register } from "./register.js";
import { birthText, type Shape } from "./shape.js";
import { canonicalStamp, compareStrings } from "./stamp.js";

// The two canonical texts that are hashed, specified line by line in protocol/WHITEBOARD.md
// ("Digests"); Java's DigestText writes the same bytes.

/** Everything a replica holds. */
export function replicaText(doc: WhiteboardDoc): string {
  const out: string[] = ["ardoise-whiteboard 1", `lamport\t${doc.maxLamport}`];
  for (const page of sortedById(doc.pages)) {
    out.push(`page\t${escape(page.id)}`);
    out.push(`life\t${life(page.life)}`);
    out.push(`title\t${stringRegister(page.title)}`);
    out.push(`order\t${stringRegister(page.order)}`);
    out.push(`cleared\t${page.cleared === undefined ? "-" : canonicalStamp(page.cleared)}`);
    for (const shape of sortedById(page.shapes)) {
      out.push(`shape\t${escape(shape.id)}`);
      const birth = shape.birth;
      out.push(`birth\t${birth === undefined ? "-" : `${canonicalStamp(birth.stamp)}\t${birthText(birth.value)}`}`);
      out.push(`life\t${life(shape.life)}`);
      for (const field of PROP_FIELDS) {
        const register = shape.props.get(field.name);
        if (register !== undefined) {
          out.push(`prop\t${field.name}\t${canonicalStamp(register.stamp)}\t${canonicalProp(field, register.value)}`);
        }
      }
    }
  }
  return out.map((line) => line + "\n").join("");
}

/** What users see, without stamps. */
export function viewText(doc: WhiteboardDoc): string {
  const out: string[] = ["ardoise-whiteboard-view 1"];
  const pages = [...doc.pages.values()]
    .filter((page) => page.live())
    .sort((a, b) => compareStrings(a.order?.value ?? "", b.order?.value ?? "") || compareStrings(a.id, b.id));
  for (const page of pages) {
    out.push(`page\t${escape(page.id)}\t${escape(page.title?.value ?? "")}`);
    const shapes = [...page.shapes.values()]
      .filter((shape) => shape.visible(page.cleared))
      .sort((a, b) => compareStrings(a.effective(Z_INDEX) as string, b.effective(Z_INDEX) as string) || compareStrings(a.id, b.id));
    for (const shape of shapes) out.push(`shape\t${shapeView(shape)}`);
  }
  return out.map((line) => line + "\n").join("");
}

function shapeView(shape: Shape): string {
  const birth = shape.birth!;
  let text = `${escape(shape.id)}\t${birth.value.kind}\towner=${escape(birth.stamp.clientId)}`;
  if (birth.value.points.length > 0) text += `\tpoints=${canonicalPoints(birth.value.points)}`;
  for (const field of PROP_FIELDS) {
    const value = shape.effective(field);
    if (value !== zero(field)) text += `\t${field.name}=${canonicalProp(field, value)}`;
  }
  return text;
}

function sortedById<T extends Page | Shape>(items: Map<string, T>): T[] {
  return [...items.values()].sort((a, b) => compareStrings(a.id, b.id));
}

function life(register: Register<boolean> | undefined): string {
  return register === undefined ? "-" : `${canonicalStamp(register.stamp)}\t${lifeText(register.value)}`;
}

function stringRegister(register: Register<string> | undefined): string {
  return register === undefined ? "-" : `${canonicalStamp(register.stamp)}\t${escape(register.value)}`;
}
