import { Maximize, ZoomIn, ZoomOut } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import { icon } from "./icons";

export interface ZoomActions {
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
  fit(): void;
}

/** The zoom widget at the board's bottom-right: −, the percentage (which resets to 100 %), +, fit. */
export function zoomWidget(actions: ZoomActions): { element: HTMLElement; show(zoom: number): void } {
  const button = (label: string, shortcut: string, onclick: () => void, ...content: (Node | string)[]) =>
    h("button", { type: "button", class: "board-button", "aria-label": label, title: `${label} (${shortcut})`, onclick }, ...content);
  // The name is what the button shows, the current zoom; what it does is told by a hidden prefix.
  const value = h("span", { class: "board-percent-value" }, "100 %");
  const percent = h("button", { type: "button", class: "board-button board-percent", title: `${t("zoomReset")} (Shift+0)`, onclick: () => actions.reset() },
    h("span", { class: "board-hidden" }, `${t("zoomReset")} : `), value);
  const element = h(
    "div",
    { class: "board-zoom", role: "group", "aria-label": t("zoom") },
    button(t("zoomOut"), "−", () => actions.zoomOut(), icon(ZoomOut)),
    percent,
    button(t("zoomIn"), "+", () => actions.zoomIn(), icon(ZoomIn)),
    button(t("zoomFit"), "Shift+1", () => actions.fit(), icon(Maximize)),
  );
  return {
    element,
    show(zoom: number) {
      const text = `${Math.round(zoom * 100)} %`;
      if (value.textContent !== text) value.textContent = text;
    },
  };
}
