import { fromJson } from "@bufbuild/protobuf";
import { h, replace } from "./dom";
import { t } from "./i18n";
import { enterClass } from "./classroom";
import { loadIdentity } from "./identity";
import { ClientLimitsSchema } from "./gen/ardoise/v1/wire_pb";

const NAME = "ardoise.name";

/** The class link's page: a name, then straight into the class. The token never leaves the fragment. */
export function showJoin(root: HTMLElement, roomId: string, token: string): void {
  document.title = `${t("joinTitle")} — Ardoise`;
  document.body.dataset.screen = "join";
  if (!token) {
    replace(root, h("h1", null, t("appName")), h("p", { role: "alert" }, t("badLink")));
    return;
  }
  const known = loadIdentity(roomId, token);
  if (known) {
    // A reload: the same participant comes back without being asked its name again.
    replace(root, h("h1", null, t("appName")), h("p", { role: "status", class: "status" }, t("joining")));
    enterClass(root, roomId, token, known.name, () => {}, known);
    return;
  }
  const name = h("input", { id: "display-name", name: "name", required: true, autocomplete: "nickname" });
  // The server's name limit, asked for since this form comes before any Welcome. Should the request fail,
  // the field stays uncapped and the server's own check still holds.
  fetch("/api/v1/limits")
    .then(async (response) => {
      if (response.ok) name.maxLength = fromJson(ClientLimitsSchema, await response.json()).maxNameChars;
    })
    .catch(() => {});
  name.value = localStorage.getItem(NAME) ?? "";
  const submit = h("button", { type: "submit" }, t("join"));
  const status = h("p", { role: "status", class: "status" });
  const form = h("form", { class: "card" }, h("label", { for: "display-name" }, t("yourName")), name, submit, status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = name.value.trim();
    if (!chosen) return;
    localStorage.setItem(NAME, chosen);
    submit.disabled = true;
    status.textContent = t("joining");
    enterClass(root, roomId, token, chosen, () => {});
  });
  replace(root, h("h1", null, t("appName")), h("h2", null, t("joinTitle")), form);
  name.focus();
}
