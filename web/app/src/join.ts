import { fromJson } from "@bufbuild/protobuf";
import { CircleDot } from "lucide";
import { h, replace } from "./dom";
import { t } from "./i18n";
import type { StartWith } from "./classroom";
import { checkEntry, type Entry } from "./entry";
import { loadIdentity } from "./identity";
import { devicePreview } from "./media/preview";
import { showScreen } from "./screens";
import { brand } from "./ui/brand";
import { icon } from "./ui/icon";
import { ClientLimitsSchema } from "./gen/ardoise/v1/wire_pb";
import { Role } from "./gen/ardoise/v1/room_pb";

const NAME = "ardoise.name";
const START = "ardoise.start";

/**
 * The class link's page. The link is checked first, so a broken, expired or unknown one gets a page
 * that says so; then a name, a look at one's camera and microphone, and into the class. The token
 * never leaves the fragment except to the node itself. A link that names its person (an LMS's, through the
 * BigBlueButton-compatible API) goes straight into the class under that name, microphone and camera off.
 */
export async function showJoin(root: HTMLElement, roomId: string, token: string, named?: string): Promise<void> {
  document.title = `${t("joinTitle")} — Ardoise`;
  document.body.dataset.screen = "join";
  if (!token) return showScreen(root, "missing-token");
  replace(root, h("div", { class: "page" }, h("header", null, brand()), h("main", { class: "card" }, h("p", { role: "status" }, t("checkingLink")))));
  const entry = await checkEntry(roomId, token);
  if (typeof entry === "string") return showScreen(root, entry);
  if (entry?.full) return showScreen(root, "full", { label: t("tryAgain"), run: () => void showJoin(root, roomId, token, named) });
  const known = loadIdentity(roomId, token);
  if (known) {
    // A reload: the same participant comes back without being asked its name again.
    const status = h("p", { role: "status", class: "status" }, t("joining"));
    replace(root, h("div", { class: "page" }, h("header", null, brand()), h("main", { class: "card" }, status)));
    (await import("./classroom")).enterClass(root, roomId, token, known.name, { identity: known, start: { microphone: false, camera: false }, waiting: (text) => (status.textContent = text), linkRole: roleOf(entry), title: entry?.title });
    return;
  }
  if (named) {
    const status = h("p", { role: "status", class: "status" }, t("joining"));
    replace(root, h("div", { class: "page" }, h("header", null, brand()), h("main", { class: "card" }, status)));
    (await import("./classroom")).enterClass(root, roomId, token, named, { start: { microphone: false, camera: false }, waiting: (text) => (status.textContent = text), linkRole: roleOf(entry), title: entry?.title });
    return;
  }
  prejoin(root, roomId, token, entry);
}

/** The role of the link itself (not one a teacher gave later), as the link check said; unknown when the node did not answer. */
function roleOf(entry: Entry | undefined): Role | undefined {
  return entry ? (entry.role === "teacher" ? Role.TEACHER : Role.STUDENT) : undefined;
}

function prejoin(root: HTMLElement, roomId: string, token: string, entry: Entry | undefined): void {
  // The classroom's code (board, media, panels) is fetched while the person types a name, not before the landing page.
  void import("./classroom");
  const name = h("input", { id: "display-name", name: "name", required: true, autocomplete: "nickname" });
  // The server's name limit, asked for since this form comes before any Welcome. Should the request fail,
  // the field stays uncapped and the server's own check still holds.
  fetch("/api/v1/limits")
    .then(async (response) => {
      if (response.ok) name.maxLength = fromJson(ClientLimitsSchema, await response.json()).maxNameChars;
    })
    .catch(() => {});
  name.value = localStorage.getItem(NAME) ?? "";
  const start = remembered();
  const micOff = h("input", { type: "checkbox", id: "join-mic-off", checked: !start.microphone });
  const cameraOff = h("input", { type: "checkbox", id: "join-camera-off", checked: !start.camera });
  const preview = devicePreview();
  const submit = h("button", { type: "submit", id: "join-button" }, t("join"));
  const status = h("p", { role: "status", class: "status" });
  const title = entry?.title ? t("joinNamed", entry.title) : t("joinTitle");
  const form = h(
    "form",
    { class: "join-form" },
    h("label", { for: "display-name" }, t("yourName")),
    name,
    entry?.role === "teacher" ? h("p", { class: "hint" }, t("asTeacher")) : null,
    h("label", { class: "check" }, micOff, t("joinMicOff")),
    h("label", { class: "check" }, cameraOff, t("joinCameraOff")),
    submit,
    status,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = name.value.trim();
    if (!chosen) return;
    localStorage.setItem(NAME, chosen);
    const choice: StartWith = { microphone: !micOff.checked, camera: !cameraOff.checked };
    localStorage.setItem(START, JSON.stringify(choice));
    submit.disabled = true;
    status.textContent = t("joining");
    preview.stop();
    void import("./classroom").then(({ enterClass }) => enterClass(root, roomId, token, chosen, { start: choice, waiting: (text) => (status.textContent = text), linkRole: roleOf(entry), title: entry?.title }));
  });
  replace(root, h("div", { class: "page" },
    h("header", null, brand()),
    h("main", { class: "card wide" }, h("h1", null, title),
      // Above everything else, on a phone too: whoever comes in knows before choosing to.
      entry?.recording ? h("p", { class: "recording-notice", id: "join-recording-notice", role: "note" }, icon(CircleDot), t("recording.beforeJoin")) : null,
      h("div", { class: "prejoin" }, preview.element, form))));
  name.focus();
}

/** The last choice of this browser; a first visit enters with both off, the quiet way into a class. */
function remembered(): StartWith {
  try {
    const stored = JSON.parse(localStorage.getItem(START) ?? "null") as Partial<StartWith> | null;
    return { microphone: stored?.microphone === true, camera: stored?.camera === true };
  } catch {
    return { microphone: false, camera: false };
  }
}
