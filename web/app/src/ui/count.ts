import { h } from "../dom";

/** A badge's number, heard as `spoken` ("3 non lus") rather than a bare "3"; no badge at zero. */
export function setCount(badge: HTMLElement, count: number, spoken: string): void {
  badge.hidden = count === 0;
  badge.replaceChildren(h("span", { "aria-hidden": "true" }, String(count)), h("span", { class: "visually-hidden" }, spoken));
}
