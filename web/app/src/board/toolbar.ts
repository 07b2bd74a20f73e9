import { Circle, Eraser, Hand, Highlighter, MousePointer2, MoveUpRight, Pencil, Redo2, Slash, Square, StickyNote, Type, Undo2, WandSparkles, type IconNode } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import { COLORS } from "./colors";
import { icon } from "./icons";
import { SHORTCUTS, TOOLS, WIDTHS, type Tool, type Width } from "./tools";

const ICONS: Record<Tool, IconNode> = {
  select: MousePointer2, hand: Hand, pen: Pencil, highlighter: Highlighter, eraser: Eraser, line: Slash,
  arrow: MoveUpRight, rectangle: Square, ellipse: Circle, text: Type, sticky: StickyNote, laser: WandSparkles,
};

export interface ToolState {
  tool: Tool;
  color: string;
  width: Width;
}

export interface ToolActions {
  choose(tool: Tool): void;
  undo(): void;
  redo(): void;
}

/**
 * The floating toolbar: tools, colours, widths, undo and redo. Built once and updated in place, so
 * that a remote change never takes the focus from a button. Every control is a button (reached by
 * Tab, used with Enter or Space); colours and widths are radio groups for screen readers.
 */
export function toolbar(state: ToolState, actions: ToolActions, isTeacher: () => boolean): { element: HTMLElement; refresh(): void } {
  const tools = TOOLS.map((name) => {
    const label = t(`tool.${name}`);
    return h("button", {
      type: "button", class: "board-button", "data-tool": name, "aria-label": label, title: `${label} (${SHORTCUTS[name]})`,
      onclick: () => actions.choose(name),
    }, icon(ICONS[name]));
  });
  const swatches = COLORS.map((colour) => {
    const swatch = h("button", {
      type: "button", role: "radio", class: "board-swatch", "data-color": colour.value, "aria-label": t(colour.name), title: t(colour.name),
      onclick: () => {
        state.color = colour.value;
        refresh();
      },
    });
    swatch.style.setProperty("--swatch", colour.value);
    return swatch;
  });
  const widths = WIDTHS.map((width) =>
    h("button", {
      type: "button", role: "radio", class: `board-button board-width board-width-${width}`, "data-width": width,
      "aria-label": t(`width.${width}`), title: t(`width.${width}`),
      onclick: () => {
        state.width = width;
        refresh();
      },
    }, h("span", { class: "board-width-sample", "aria-hidden": "true" })),
  );
  const undo = h("button", { type: "button", class: "board-button", "aria-label": t("undo"), title: `${t("undo")} (Ctrl+Z)`, onclick: () => actions.undo() }, icon(Undo2));
  const redo = h("button", { type: "button", class: "board-button", "aria-label": t("redo"), title: `${t("redo")} (Ctrl+Shift+Z)`, onclick: () => actions.redo() }, icon(Redo2));
  const element = h(
    "div",
    { class: "board-toolbar", role: "toolbar", "aria-label": t("tools") },
    h("div", { class: "board-group" }, ...tools),
    h("div", { class: "board-group", role: "radiogroup", "aria-label": t("color") }, ...swatches),
    h("div", { class: "board-group", role: "radiogroup", "aria-label": t("strokeWidth") }, ...widths),
    h("div", { class: "board-group" }, undo, redo),
  );

  function refresh(): void {
    for (const button of tools) {
      const name = button.dataset.tool as Tool;
      button.setAttribute("aria-pressed", String(state.tool === name));
      button.hidden = name === "laser" && !isTeacher();
    }
    for (const swatch of swatches) swatch.setAttribute("aria-checked", String(swatch.dataset.color === state.color));
    for (const button of widths) button.setAttribute("aria-checked", String(button.dataset.width === state.width));
  }

  refresh();
  return { element, refresh };
}
