import { h } from "../dom";
import { t } from "../i18n";

/**
 * Asks before an action that cannot be undone, in a native modal <dialog> (focus kept inside, Escape
 * cancels). Resolves true only when the person chose `confirmLabel`. The dialog goes away once answered.
 */
export function confirmAction(title: string, text: string, confirmLabel: string): Promise<boolean> {
  const yes = h("button", { type: "button", class: "danger", id: "confirm-yes" }, confirmLabel);
  const no = h("button", { type: "button", class: "secondary", id: "confirm-no" }, t("cancel"));
  // An alert dialog: it interrupts to ask, and its text is read with its title.
  const dialog = h("dialog", { class: "confirm-dialog", role: "alertdialog", "aria-labelledby": "confirm-title", "aria-describedby": "confirm-text" },
    h("h2", { id: "confirm-title" }, title),
    h("p", { id: "confirm-text" }, text),
    h("div", { class: "actions" }, no, yes));
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    let answer = false;
    yes.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    // The safe choice has the focus, so a stray Enter changes nothing.
    no.focus();
  });
}
