import { BrushCleaning, ChevronLeft, ChevronRight, FileMinus, FilePlus, FileUp } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import { icon } from "./icons";
import type { Board } from "./board";

/**
 * The page bar at the board's bottom-left: previous, "2 / 5", next, and for teachers add, show a
 * document (its pages are added after the others), clear and remove. Built once and updated in place,
 * like the toolbar.
 */
export function pageBar(board: Board, isTeacher: () => boolean, upload: (file: File) => void, turn: (pageId: string) => void): { element: HTMLElement; refresh(): void } {
  const button = (label: string, node: Parameters<typeof icon>[0], onclick: () => void, attrs: Record<string, string> = {}) =>
    h("button", { type: "button", class: "board-button", "aria-label": label, title: label, onclick, ...attrs }, icon(node));
  const go = (step: number) => {
    const list = board.pages();
    const next = list[list.findIndex((page) => page.id === board.page) + step];
    if (next !== undefined) turn(next.id);
  };
  const previous = button(t("previousPage"), ChevronLeft, () => go(-1));
  const next = button(t("nextPage"), ChevronRight, () => go(1));
  const position = h("span", { class: "board-page-number" });
  const add = button(t("addPage"), FilePlus, () => turn(board.addPage(t("page", String(board.pages().length + 1)))));
  const file = h("input", {
    type: "file", accept: "application/pdf,image/png,image/jpeg,image/webp,.docx,.pptx,.odt,.odp,.doc,.ppt", hidden: true, "data-action": "upload-file",
    onchange: () => {
      const chosen = file.files?.[0];
      file.value = "";
      if (chosen) upload(chosen);
    },
  });
  const show = button(t("uploadDocument"), FileUp, () => file.click(), { "data-action": "upload-document" });
  const clear = button(t("clearPage"), BrushCleaning, () => board.commit([{ page: board.page, clearPage: {} }]), { "data-action": "clear-page" });
  const remove = button(t("removePage"), FileMinus, () => board.commit([{ page: board.page, removePage: {} }]), { "data-action": "remove-page" });
  const element = h("div", { class: "board-pages", role: "group", "aria-label": t("pages") }, previous, position, next, add, show, file, clear, remove);

  function refresh(): void {
    const list = board.pages();
    const index = list.findIndex((page) => page.id === board.page);
    element.hidden = list.length < 2 && !isTeacher();
    previous.disabled = index <= 0;
    next.disabled = index < 0 || index >= list.length - 1;
    position.textContent = `${index + 1} / ${list.length}`;
    for (const control of [add, show, clear]) control.hidden = !isTeacher();
    remove.hidden = !isTeacher() || list.length < 2;
  }

  return { element, refresh };
}
