import { between } from "@ardoise/whiteboard";
import { BringToFront, SendToBack, Trash } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import type { Board } from "./board";
import { COLORS, FILLS } from "./colors";
import { icon } from "./icons";
import type { View } from "./shapes";

const FILLED = new Set(["SHAPE_KIND_RECTANGLE", "SHAPE_KIND_ELLIPSE", "SHAPE_KIND_STICKY_NOTE"]);

/**
 * What can be done to the selected shape: recolour, bring to front or send to back, delete. Built
 * once and updated in place, so a remote change never takes the focus away from a control; it
 * floats over the board, so showing it only while an editable shape is selected never moves the
 * canvas under the pointer. Each action is one batch through the board's undo history.
 */
export function selectionBar(board: Board, mayDraw: () => boolean, mayEdit: (view: View) => boolean): { element: HTMLElement; refresh(): void } {
  const option = (value: string, name: string) => h("option", { value }, name);
  const stroke = h("select", { id: "sel-stroke" }, ...COLORS.map((c) => option(c.value, t(c.name))));
  const fill = h("select", { id: "sel-fill" }, option("", t("noFill")), ...FILLS.map((c) => option(c.value, t(c.name))));
  const action = (name: string, label: string, node: Parameters<typeof icon>[0]) =>
    h("button", { type: "button", class: "board-button", "data-action": name, "aria-label": label, title: label }, icon(node));
  const front = action("front", t("bringToFront"), BringToFront);
  const back = action("back", t("sendToBack"), SendToBack);
  const remove = action("delete", t("deleteSel"), Trash);
  const element = h(
    "div",
    { class: "board-selection", role: "group", "aria-label": t("selection") },
    h("label", { class: "board-select" }, h("span", { class: "board-select-name" }, t("strokeColor")), stroke),
    h("label", { class: "board-select" }, h("span", { class: "board-select-name" }, t("fillColor")), fill),
    front,
    back,
    remove,
  );

  const selected = (): View | undefined => board.shapes().find((view) => view.id === board.selected);
  const update = (props: Record<string, string>) => {
    if (board.selected) board.commit([{ page: board.page, updateProps: { shapeId: board.selected, props } }]);
  };
  stroke.addEventListener("change", () => update({ strokeColor: stroke.value }));
  fill.addEventListener("change", () => update({ fillColor: fill.value }));
  front.addEventListener("click", () => reorder("front"));
  back.addEventListener("click", () => reorder("back"));
  remove.addEventListener("click", () => {
    if (!board.selected) return;
    board.commit([{ page: board.page, deleteShape: { shapeId: board.selected } }]);
    board.selected = undefined;
    board.changed();
  });

  /** A key above the page's top (or below its bottom): ties with another client's key fall back to the id. */
  function reorder(where: "front" | "back"): void {
    const keys = board.shapes().map((view) => view.zIndex).filter((key) => key !== "").sort();
    if (!board.selected) return;
    const zIndex = where === "front" ? between(keys.at(-1) ?? null, null) : between(null, keys[0] ?? null);
    board.commit([{ page: board.page, reorder: { shapeId: board.selected, zIndex } }]);
  }

  /** Shows the current values; an unknown colour (set by another client) gets its own option. */
  function show(select: HTMLSelectElement, value: string): void {
    if (![...select.options].some((o) => o.value === value)) select.appendChild(option(value, value));
    if (document.activeElement !== select) select.value = value;
  }

  function refresh(): void {
    const view = selected();
    element.hidden = !mayDraw() || view === undefined || !mayEdit(view);
    if (element.hidden || view === undefined) return;
    fill.disabled = !FILLED.has(view.kind);
    show(stroke, view.strokeColor);
    show(fill, view.fillColor);
  }

  return { element, refresh };
}
