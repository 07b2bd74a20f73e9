import { createElement, type IconNode } from "lucide";

/**
 * A lucide icon as inline SVG. Icons are decoration: the control that holds one carries the name
 * (its label or aria-label), so screen readers never read the drawing.
 */
export function icon(node: IconNode, extraClass = ""): SVGElement {
  const svg = createElement(node, { class: extraClass ? `icon ${extraClass}` : "icon", "aria-hidden": "true", focusable: "false" });
  return svg;
}
