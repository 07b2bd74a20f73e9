import { renderSVG } from "uqr";
import { h, replace } from "./dom";
import { t } from "./i18n";
import { brand } from "./ui/brand";

const API_KEY = "ardoise.apiKey";

interface Created {
  roomId: string;
  title: string;
  teacher: { url: string };
  student: { url: string };
}

/** Create a class: POST /api/v1/rooms needs the operator's API key, remembered in localStorage. */
export function showLanding(root: HTMLElement): void {
  document.title = `${t("createTitle")} — Ardoise`;
  document.body.dataset.screen = "landing";
  const title = h("input", { id: "title", name: "title", required: true, maxlength: 200, autocomplete: "off" });
  const key = h("input", { id: "api-key", name: "api-key", type: "password", required: true, autocomplete: "off", "aria-describedby": "api-key-hint" });
  key.value = localStorage.getItem(API_KEY) ?? "";
  const status = h("p", { role: "status", class: "status" });
  const result = h("section", { "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, t("create"));
  const form = h(
    "form",
    { class: "create-form", onsubmit: (event: Event) => void create(event) },
    h("label", { for: "title" }, t("classTitle")),
    title,
    h("label", { for: "api-key" }, t("apiKey")),
    key,
    h("p", { id: "api-key-hint", class: "hint" }, t("apiKeyHint")),
    submit,
    status,
  );

  async function create(event: Event): Promise<void> {
    event.preventDefault();
    localStorage.setItem(API_KEY, key.value);
    submit.disabled = true;
    status.textContent = t("creating");
    try {
      const response = await fetch("/api/v1/rooms", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${key.value}` },
        body: JSON.stringify({ title: title.value }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      status.textContent = "";
      showLinks(result, (await response.json()) as Created);
    } catch (error) {
      status.textContent = `${t("createFailed")} (${(error as Error).message}).`;
    } finally {
      submit.disabled = false;
    }
  }

  replace(root, h("div", { class: "page" },
    h("header", null, brand()),
    h("main", { class: "card" }, h("h1", null, t("createTitle")), form, result)));
  title.focus();
}

function showLinks(into: HTMLElement, room: Created): void {
  // The SVG comes from the QR library, never from user input; as an <img> it cannot run anything.
  const qr = h("img", {
    class: "qr",
    alt: t("qrAlt"),
    src: `data:image/svg+xml,${encodeURIComponent(renderSVG(room.student.url, { border: 2 }))}`,
  });
  replace(
    into,
    h("h2", { class: "created-title" }, room.title),
    link("teacher-link", t("teacherLink"), room.teacher.url),
    link("student-link", t("studentLink"), room.student.url),
    qr,
    h("p", null, h("a", { href: room.teacher.url, id: "open-teacher" }, t("openTeacher"))),
  );
}

function link(id: string, label: string, url: string): HTMLElement {
  const field = h("input", { id, readonly: true, value: url });
  const button = h("button", { type: "button", "aria-label": `${t("copy")} — ${label}` }, t("copy"));
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Clipboard refused (permissions, insecure origin): select the text so Ctrl+C works.
      field.select();
    }
    button.textContent = t("copied");
    setTimeout(() => (button.textContent = t("copy")), 1500);
  });
  return h("div", { class: "link" }, h("label", { for: id }, label), h("div", { class: "row" }, field, button));
}
