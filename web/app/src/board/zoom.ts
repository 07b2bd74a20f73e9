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
  const percent = button(t("zoomReset"), "Shift+0", () => actions.reset(), "100 %");
  percent.classList.add("board-percent");
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
      if (percent.textContent !== text) percent.textContent = text;
    },
  };
}
