import { h } from "../dom";
import { t } from "../i18n";

/** A link to share: its label, the address in a read-only field, and a copy button, which copies what the field holds now. */
export function copyLink(id: string, label: string, url: string): HTMLElement {
  const field = h("input", { id, readonly: true, value: url });
  const button = h("button", { type: "button", "aria-label": `${t("copy")} — ${label}` }, t("copy"));
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // Clipboard refused (permissions, insecure origin): select the text so Ctrl+C works.
      field.select();
    }
    button.textContent = t("copied");
    setTimeout(() => (button.textContent = t("copy")), 1500);
  });
  return h("div", { class: "link" }, h("label", { for: id }, label), h("div", { class: "row" }, field, button));
}
