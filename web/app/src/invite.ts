import { UserPlus } from "lucide";
import { renderSVG } from "uqr";
import { h, replace } from "./dom";
import { t } from "./i18n";
import type { RoomModel } from "./room";
import { copyLink } from "./ui/copy-link";
import { icon } from "./ui/icon";

/**
 * "Inviter", for a teacher in the class: its student link again, with its QR code, for a student who arrives late
 * (as Meet's "add people"). Asked of the class with this teacher's link (GET /api/v1/rooms/{id}/links/student), so it
 * is the link the class holds now, and renews nothing: whoever already has it keeps it.
 */
export function inviteDialog(room: RoomModel, roomId: string, token: () => string): {
  button: HTMLButtonElement; dialog: HTMLDialogElement; refresh(): void;
} {
  const button = h("button", { type: "button", id: "invite", class: "secondary" }, icon(UserPlus), t("invite.open"));
  const body = h("div", { class: "invite-body", "aria-live": "polite" });
  const done = h("button", { type: "button", id: "close-invite" }, t("close"));
  const dialog = h("dialog", { id: "invite-dialog", "aria-labelledby": "invite-title" },
    h("h2", { id: "invite-title" }, icon(UserPlus), t("invite.title")),
    h("p", null, t("invite.text")), body, h("div", { class: "actions" }, done));
  done.addEventListener("click", () => dialog.close());
  button.addEventListener("click", async () => {
    replace(body, h("p", null, t("invite.loading")));
    dialog.showModal();
    const response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}/links/student`, {
      headers: { Authorization: `Bearer ${token()}` },
    }).catch(() => null);
    const answer = response?.ok ? ((await response.json().catch(() => null)) as { link?: { url?: string } } | null) : null;
    const url = answer?.link?.url;
    if (!url) {
      replace(body, h("p", { class: "error", role: "alert", id: "invite-error" }, t("invite.failed")));
      return;
    }
    // The SVG comes from the QR library, never from user input; as an <img> it cannot run anything.
    const qr = h("img", { class: "qr", alt: t("qrAlt"), src: `data:image/svg+xml,${encodeURIComponent(renderSVG(url, { border: 2 }))}` });
    replace(body, copyLink("invite-student-link", t("studentLink"), url), qr);
  });

  /** A breakout group has no link of its own: its members come from its class. */
  function refresh(): void {
    button.hidden = !room.isTeacher || room.breakoutGroupId !== "";
  }
  return { button, dialog, refresh };
}
