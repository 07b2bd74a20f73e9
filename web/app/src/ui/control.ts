import type { IconNode } from "lucide";
import { h } from "../dom";
import { icon } from "./icon";

/**
 * One button of the control bar: an icon over a short label, the shortcut in its tooltip. The
 * label stays in the accessible name even where the layout hides it (phones).
 */
export function control(id: string, node: IconNode, label: string, shortcut?: string): HTMLButtonElement {
  const button = h("button", { type: "button", id, class: "control" });
  setControl(button, node, label, shortcut);
  return button;
}

export function setControl(button: HTMLButtonElement, node: IconNode, label: string, shortcut?: string): void {
  button.replaceChildren(icon(node), h("span", { class: "label" }, label), ...[...button.querySelectorAll(".count")]);
  button.title = shortcut ? `${label} (${shortcut})` : label;
  if (shortcut) button.setAttribute("aria-keyshortcuts", shortcut.replace(/\s/g, ""));
}
