import { createElement, type IconNode } from "lucide";

/** A lucide icon as an inline SVG; the button around it carries the name, so the drawing is hidden from screen readers. */
export function icon(node: IconNode): SVGElement {
  return createElement(node, { "aria-hidden": "true", focusable: "false", width: 20, height: 20 });
}
