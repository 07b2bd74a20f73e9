import { h } from "../dom";
import { t } from "../i18n";

/**
 * Asks for one line of text in a native modal <dialog> (focus kept inside, Escape cancels), starting
 * from `value`. Resolves the trimmed text, or null when cancelled or left unchanged.
 */
export function askText(title: string, label: string, value: string, okLabel: string, maxLength: number): Promise<string | null> {
  const field = h("input", { id: "ask-text-field", required: true, maxlength: maxLength, autocomplete: "off" });
  field.value = value;
  const no = h("button", { type: "button", class: "secondary", id: "ask-text-cancel" }, t("cancel"));
  const form = h("form", { method: "dialog" },
    h("h2", { id: "ask-text-title" }, title),
    h("label", { for: "ask-text-field" }, label),
    field,
    h("div", { class: "actions" }, no, h("button", { type: "submit", id: "ask-text-ok" }, okLabel)));
  const dialog = h("dialog", { class: "ask-text-dialog", "aria-labelledby": "ask-text-title" }, form);
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    let answer: string | null = null;
    form.addEventListener("submit", () => {
      const text = field.value.trim();
      answer = text && text !== value ? text : null;
    });
    no.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    field.select();
  });
}
