import { renderSVG } from "uqr";
import { h, replace } from "./dom";
import { t } from "./i18n";
import { signInState, signOut, type SignIn } from "./sign-in";
import { brand } from "./ui/brand";
import { copyLink } from "./ui/copy-link";

const API_KEY = "ardoise.apiKey";

interface Created {
  roomId: string;
  title: string;
  teacher: { url: string };
  student: { url: string };
}

/**
 * Create a class. A signed-in teacher creates it with the session (cookie and CSRF token); where the
 * node has sign-in but nobody is signed in, "sign in" comes first and the operator's API key
 * (remembered in localStorage) is the way below it; without sign-in, the API key form is the page.
 */
export async function showLanding(root: HTMLElement): Promise<void> {
  document.title = `${t("createTitle")} — Ardoise`;
  document.body.dataset.screen = "landing";
  const who = await signInState();
  const title = h("input", { id: "title", name: "title", required: true, maxlength: 200, autocomplete: "off" });
  const status = h("p", { role: "status", class: "status" });
  const result = h("section", { "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, t("create"));
  const withKey = who.state !== "signed-in";
  const key = h("input", { id: "api-key", name: "api-key", type: "password", required: true, autocomplete: "off", "aria-describedby": "api-key-hint" });
  key.value = localStorage.getItem(API_KEY) ?? "";
  const form = h(
    "form",
    { class: "create-form", onsubmit: (event: Event) => void create(event) },
    h("label", { for: "title" }, t("classTitle")),
    title,
    withKey ? [h("label", { for: "api-key" }, t("apiKey")), key, h("p", { id: "api-key-hint", class: "hint" }, t("apiKeyHint"))] : null,
    submit,
    status,
  );

  async function create(event: Event): Promise<void> {
    event.preventDefault();
    if (withKey) localStorage.setItem(API_KEY, key.value);
    submit.disabled = true;
    status.textContent = t("creating");
    try {
      const response = await fetch("/api/v1/rooms", {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(who.state === "signed-in" ? { "X-CSRF-Token": who.teacher.csrfToken } : { Authorization: `Bearer ${key.value}` }) },
        body: JSON.stringify({ title: title.value }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      // A teacher's class is one of their classes: that page holds its links and everything done with it.
      if (who.state === "signed-in") return location.assign("/classes");
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
    h("main", { class: "card" }, h("h1", null, t("createTitle")), ...body(root, who, form), result)));
  if (who.state !== "signed-out") title.focus();
}

/** What the card holds above the links: the account line and the form, as sign-in allows. */
function body(root: HTMLElement, who: SignIn, form: HTMLFormElement): HTMLElement[] {
  if (who.state === "unavailable") return [form];
  if (who.state === "signed-out") {
    return [
      h("p", { class: "hint" }, t("signInHint")),
      h("a", { href: "/auth/login", class: "button-link", id: "sign-in" }, t("signIn")),
      h("details", { class: "operator" }, h("summary", null, t("operatorCreate")), form),
    ];
  }
  const out = h("button", { type: "button", class: "secondary", id: "sign-out" }, t("signOut"));
  const failed = h("p", { role: "status", class: "status" });
  out.addEventListener("click", async () => {
    out.disabled = true;
    if (await signOut(who.teacher)) void showLanding(root);
    else {
      failed.textContent = t("signOutFailed");
      out.disabled = false;
    }
  });
  return [
    h("div", { class: "account" }, h("p", { id: "signed-in-as" }, t("signedInAs", who.teacher.name)), out),
    failed,
    h("a", { href: "/classes", class: "button-link secondary", id: "my-classes" }, t("myClasses")),
    form,
  ];
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
    copyLink("teacher-link", t("teacherLink"), room.teacher.url),
    copyLink("student-link", t("studentLink"), room.student.url),
    qr,
    h("p", null, h("a", { href: room.teacher.url, id: "open-teacher" }, t("openTeacher"))),
  );
}
