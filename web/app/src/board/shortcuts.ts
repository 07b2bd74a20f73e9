import { SHORTCUTS, TOOLS, type Tool } from "./tools";

export interface ShortcutActions {
  choose(tool: Tool): void;
  mayChoose(tool: Tool): boolean;
  undo(): void;
  redo(): void;
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
  fit(): void;
  /** Space is held (or let go): a drag pans meanwhile. */
  space(held: boolean): void;
}

/**
 * The board's keys, tldraw's and Excalidraw's: a letter per tool, + and − (or =) to zoom, Shift+1
 * to fit, Shift+0 for 100 %, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y. They work from the canvas, the page's
 * body or a board button, never while typing (a letter in the chat stays a letter) and never
 * with Alt. Space pans only from the canvas or the body: on a button it presses the button.
 */
export function listenShortcuts(board: HTMLElement, canvas: HTMLElement, typing: () => boolean, actions: ShortcutActions): void {
  document.addEventListener("keydown", (event) => {
    if (!board.isConnected || typing()) return;
    const target = event.target as HTMLElement;
    const free = target === document.body || target === canvas;
    if (!free && !(board.contains(target) && target.tagName === "BUTTON")) return;
    if (event.key === " " && free) actions.space(true);
    else if (event.altKey) return;
    else if (event.ctrlKey || event.metaKey) {
      const key = event.key.toLowerCase();
      if (key === "z" && event.shiftKey) actions.redo();
      else if (key === "z") actions.undo();
      else if (key === "y") actions.redo();
      else return;
    } else if (event.shiftKey && event.code === "Digit1") actions.fit();
    else if (event.shiftKey && event.code === "Digit0") actions.reset();
    else if (event.key === "+" || event.key === "=") actions.zoomIn();
    else if (event.key === "-") actions.zoomOut();
    else {
      const tool = TOOLS.find((name) => SHORTCUTS[name] === event.key.toUpperCase());
      if (tool === undefined || !actions.mayChoose(tool)) return;
      actions.choose(tool);
    }
    event.preventDefault();
  });
  document.addEventListener("keyup", (event) => {
    if (event.key === " ") actions.space(false);
  });
}
