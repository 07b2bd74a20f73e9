import { Presentation as PresentIcon } from "lucide";
import { h, replace } from "../dom";
import { t } from "../i18n";
import type { Board } from "./board";
import type { ClassLink } from "./documents";
import { icon } from "./icons";
import type { Presenting } from "./presenting";
import { visibleShapes } from "./shapes";

interface Listed {
  documents?: { pages?: { image: string; thumbnail: string }[] }[];
}

/**
 * The strip under the board: "back to the teacher" for a student who turned away, and, once the board holds a
 * document's pages, a thumbnail of every page (the document's own 240 px thumbnails, named by their page's
 * picture in the class's documents list; a plain page shows its number). Choosing one turns to it: a teacher
 * presents it, a student stops following. It sits below the canvas, never over the board's tools, and
 * scrolls sideways on a narrow screen.
 */
export function pageStrip(board: Board, presenting: Presenting, link: ClassLink, turn: (pageId: string) => void): { element: HTMLElement; refresh(): void } {
  // A page's picture (its blob's hash) to its thumbnail's, from the documents list, asked again when a new picture appears.
  const thumbnails = new Map<string, string>();
  const asked = new Set<string>();
  let shown = "";
  // The pages and their pictures, read again only when the board's document changed: refresh() runs on every
  // pointer that moves over the board.
  let read: { revision: number; pages: { id: string; number: number; title: string; picture?: string }[] } | undefined;
  const back = h("button", { type: "button", class: "board-button board-back", "data-action": "back-to-teacher", onclick: () => presenting.backToTeacher() },
    icon(PresentIcon), h("span", null, t("backToTeacher")));
  const list = h("ol", { class: "board-strip-pages" });
  const nav = h("nav", { class: "board-strip-nav", "aria-label": t("pageStrip") }, list);
  const element = h("div", { class: "board-strip", hidden: true }, back, nav);

  // Left and right move between thumbnails, as in a tab list; Tab leaves the strip.
  list.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const buttons = [...list.querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[at + (event.key === "ArrowLeft" ? -1 : 1)];
    if (next === undefined) return;
    event.preventDefault();
    next.focus();
  });

  async function ask(pictures: string[]): Promise<void> {
    pictures.forEach((picture) => asked.add(picture));
    try {
      const response = await fetch(`/api/v1/rooms/${encodeURIComponent(link.roomId)}/documents`, { headers: { Authorization: `Bearer ${link.token()}` } });
      if (!response.ok) return;
      const listed = (await response.json()) as Listed;
      for (const document of listed.documents ?? []) for (const page of document.pages ?? []) thumbnails.set(page.image, page.thumbnail);
      shown = "";
      refresh();
    } catch {
      // Without the list the pages show their numbers; the next new picture asks again.
    }
  }

  function refresh(): void {
    if (read?.revision !== board.revision) {
      read = {
        revision: board.revision,
        pages: board.pages().map((page, index) => {
          const picture = visibleShapes(board.doc, page.id).find((shape) => shape.kind === "SHAPE_KIND_IMAGE")?.image;
          return { id: page.id, number: index + 1, title: board.doc.pages.get(page.id)?.title?.value ?? "", picture };
        }),
      };
    }
    const pages = read.pages;
    const documentPages = pages.some((page) => page.picture !== undefined);
    const unknown = pages.flatMap((page) => (page.picture && !thumbnails.has(page.picture) && !asked.has(page.picture) ? [page.picture] : []));
    if (unknown.length > 0) void ask(unknown);
    back.hidden = !presenting.strayed;
    nav.hidden = !documentPages;
    element.hidden = back.hidden && nav.hidden;
    const presented = presenting.presented?.pageId;
    const signature = JSON.stringify([pages, board.page, presented, documentPages && pages.map((page) => page.picture && thumbnails.get(page.picture))]);
    if (signature === shown) return;
    shown = signature;
    const focused = list.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.page : undefined;
    replace(list, pages.map((page) => {
      const thumbnail = page.picture && thumbnails.get(page.picture);
      const label = t("stripPage", String(page.number), page.title || t("page", String(page.number)))
        + (page.id === presented ? ` (${t("presentedPage")})` : "");
      const button = h("button", {
        type: "button", class: "board-thumb", "data-page": page.id, "aria-label": label, title: label,
        "aria-current": page.id === board.page ? "page" : undefined, "data-presented": page.id === presented ? "true" : undefined,
        onclick: () => turn(page.id),
      }, thumbnail
        ? h("img", { src: `/api/v1/rooms/${encodeURIComponent(link.roomId)}/blobs/${thumbnail}?token=${encodeURIComponent(link.token())}`, alt: "", loading: "lazy", decoding: "async" })
        : h("span", { class: "board-thumb-number" }, String(page.number)));
      return h("li", null, button);
    }));
    if (focused !== undefined) list.querySelector<HTMLElement>(`[data-page="${CSS.escape(focused)}"]`)?.focus();
    // The current page in sight, scrolling the strip alone (scrollIntoView would scroll the page's ancestors too).
    const current = list.querySelector<HTMLElement>("[aria-current=page]")?.parentElement;
    if (current && current.offsetLeft < nav.scrollLeft) nav.scrollLeft = current.offsetLeft;
    else if (current && current.offsetLeft + current.offsetWidth > nav.scrollLeft + nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft + current.offsetWidth - nav.clientWidth;
    }
  }

  return { element, refresh };
}
