import { FileDown } from "lucide";
import { h } from "../dom";
import { problemText, t } from "../i18n";
import type { ClassLink } from "./documents";
import { icon } from "./icons";

/**
 * "Download the board as PDF" (GET /api/v1/rooms/{id}/board.pdf): every page, a document's picture under what was
 * drawn on it. Shown to teachers, and to students while the teacher lets them; the server checks it too. The
 * link travels as a header, so the PDF comes by fetch and is saved through a link of its own.
 */
export function downloadButton(link: ClassLink, allowed: () => boolean, title: () => string, say: (text: string) => void): { element: HTMLElement; refresh(): void } {
  const button = h("button", {
    type: "button", class: "board-button", "data-action": "download-board", "aria-label": t("downloadBoard"), title: t("downloadBoard"),
    onclick: () => void download(),
  }, icon(FileDown));
  const element = h("div", { class: "board-export", role: "group", "aria-label": t("downloadBoard") }, button);

  async function download(): Promise<void> {
    button.disabled = true;
    say(t("downloadingBoard"));
    try {
      const answer = await fetch(`/api/v1/rooms/${encodeURIComponent(link.roomId)}/board.pdf`, { headers: { Authorization: `Bearer ${link.token()}` } });
      if (!answer.ok) {
        const problem = (await answer.json().catch(() => ({}))) as { error?: string };
        say(t("downloadFailed", problemText(problem.error, answer.status)));
        return;
      }
      const url = URL.createObjectURL(await answer.blob());
      const save = h("a", { href: url, download: `${title().replace(/[\\/:*?"<>|]+/g, " ").trim() || "ardoise"}.pdf`, hidden: true });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say("");
    } catch {
      say(t("downloadFailed", t("offline")));
    } finally {
      button.disabled = false;
    }
  }

  function refresh(): void {
    element.hidden = !allowed();
  }

  return { element, refresh };
}
