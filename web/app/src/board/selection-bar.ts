import { between } from "@ardoise/whiteboard";
import { h } from "../dom";
import { t } from "../i18n";
import type { Board } from "./board";
import { COLORS, FILLS } from "./colors";
import type { View } from "./shapes";

const FILLED = new Set(["SHAPE_KIND_RECTANGLE", "SHAPE_KIND_ELLIPSE", "SHAPE_KIND_STICKY_NOTE"]);

/**
 * What can be done to the selected shape: recolour, bring to front or send to back, delete. Built
 * once and updated in place, so a remote change never takes the focus away from a control; shown
 * whenever the toolbar is, disabled without an editable selection, so selecting never moves the
 * canvas under the pointer. Each action is one batch through the board's undo history.
 */
export function selectionBar(board: Board, mayDraw: () => boolean, mayEdit: (view: View) => boolean): { element: HTMLElement; refresh(): void } {
  const option = (value: string, name: string) => h("option", { value }, name);
  const stroke = h("select", { id: "sel-stroke" }, ...COLORS.map((c) => option(c.value, t(c.name))));
  const fill = h("select", { id: "sel-fill" }, option("", t("noFill")), ...FILLS.map((c) => option(c.value, t(c.name))));
  const front = h("button", { type: "button", "data-action": "front" }, t("bringToFront"));
  const back = h("button", { type: "button", "data-action": "back" }, t("sendToBack"));
  const remove = h("button", { type: "button", "data-action": "delete" }, t("deleteSel"));
  const element = h(
    "div",
    { class: "selection-bar", role: "group", "aria-label": t("selection") },
    h("label", { class: "color" }, t("strokeColor"), stroke),
    h("label", { class: "color" }, t("fillColor"), fill),
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
    element.hidden = !mayDraw();
    const allowed = view !== undefined && mayEdit(view);
    for (const control of [stroke, front, back, remove]) control.disabled = !allowed;
    fill.disabled = !allowed || !FILLED.has(view.kind);
    if (view === undefined) return;
    show(stroke, view.strokeColor);
    show(fill, view.fillColor);
  }

  return { element, refresh };
}
