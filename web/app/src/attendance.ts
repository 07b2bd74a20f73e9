import { fromJson } from "@bufbuild/protobuf";
import { ClipboardList, Download } from "lucide";
import { h, replace } from "./dom";
import { lang, problemText, t } from "./i18n";
import { AttendanceResponseSchema, type AttendanceRow, type AttendanceSessionView } from "./gen/ardoise/v1/api_pb";
import { icon } from "./ui/icon";

const time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

/** 1 h 05 min, 4 min 10 s, 12 s. */
function duration(ms: bigint): string {
  const s = Math.round(Number(ms) / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${s} s`;
}

function clock(ms: bigint): string {
  return ms === 0n ? "—" : time.format(new Date(Number(ms)));
}

/** A value with a bar as long as its share of the session's largest: present time and talk time compare at a glance. */
function bar(value: bigint, max: bigint, kind: "present" | "talk"): HTMLElement {
  const fill = h("span", { class: `bar-fill ${kind}` });
  // CSSOM, not a style attribute: the page's Content-Security-Policy allows no inline style.
  fill.style.inlineSize = `${max > 0n ? Math.round((Number(value) / Number(max)) * 100) : 0}%`;
  return h("span", { class: "bar-cell" }, h("span", { class: "bar", "aria-hidden": "true" }, fill), duration(value));
}

function table(session: AttendanceSessionView): HTMLElement {
  const rows = [...session.participants].sort((a, b) => Number(b.presentMs - a.presentMs));
  const maxPresent = rows.reduce((m, r) => (r.presentMs > m ? r.presentMs : m), 0n);
  const maxTalk = rows.reduce((m, r) => (r.talkMs > m ? r.talkMs : m), 0n);
  const head = ["attendance.participant", "attendance.joined", "attendance.left", "attendance.present", "attendance.talk",
    "attendance.camera", "attendance.messages", "attendance.hands", "attendance.polls"] as const;
  const row = (r: AttendanceRow) => h("tr", null,
    h("th", { scope: "row" }, r.name, h("span", { class: "role" }, t(r.role === "teacher" ? "teacher" : "student"))),
    h("td", null, clock(r.joinedAtMs)),
    h("td", null, r.leftAtMs === 0n && session.open ? t("attendance.here") : clock(r.leftAtMs)),
    h("td", null, bar(r.presentMs, maxPresent, "present")),
    h("td", null, bar(r.talkMs, maxTalk, "talk")),
    h("td", null, duration(r.cameraMs)),
    h("td", { class: "num" }, String(r.messages)),
    h("td", { class: "num" }, String(r.handsRaised)),
    h("td", { class: "num" }, String(r.pollAnswers)));
  return h("div", { class: "attendance-scroll", tabindex: 0, role: "region", "aria-label": t("attendance.tableLabel") },
    h("table", { class: "attendance-table" },
      h("thead", null, h("tr", null, ...head.map((key) => h("th", { scope: "col" }, t(key))))),
      h("tbody", null, ...rows.map(row))));
}

function section(session: AttendanceSessionView): HTMLElement {
  const started = day.format(new Date(Number(session.startedAtMs)));
  const title = session.open ? t("attendance.sessionOpen", started)
    : t("attendance.session", started, time.format(new Date(Number(session.endedAtMs))));
  return h("section", { class: "attendance-session" }, h("h3", null, title), table(session));
}

/**
 * A teacher's view of the class's attendance and participation, per session, newest first (GET
 * /api/v1/rooms/{id}/attendance with the teacher's link): a table with bars for time present and talk time, and the
 * same as CSV. The CSV is fetched with the link in a header and saved from memory, so the token never goes in a URL.
 */
/** Why a request of this dialog failed, in the page's language. */
async function refusal(response: Response | null): Promise<string> {
  if (!response) return t("offline");
  const problem = (await response.json().catch(() => ({}))) as { error?: string };
  return problemText(problem.error, response.status);
}

export function attendanceDialog(roomId: string, token: () => string): { element: HTMLDialogElement; open(): void } {
  const body = h("div", { class: "attendance-body", "aria-live": "polite" });
  const status = h("p", { class: "error", role: "alert", id: "attendance-error" });
  const path = `/api/v1/rooms/${encodeURIComponent(roomId)}/attendance`;
  const get = (suffix: string) => fetch(path + suffix, { headers: { Authorization: `Bearer ${token()}` }, cache: "no-store" });
  const csv = h("button", { type: "button", class: "secondary", id: "attendance-csv" }, icon(Download), t("attendance.csv"));
  csv.addEventListener("click", async () => {
    const response = await get(".csv").catch(() => null);
    if (!response?.ok) {
      status.textContent = t("attendance.failed", await refusal(response));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: `attendance-${roomId}.csv` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  const done = h("button", { type: "button", id: "close-attendance" }, t("close"));
  const element = h("dialog", { id: "attendance-dialog", class: "attendance-dialog", "aria-labelledby": "attendance-title" },
    h("h2", { id: "attendance-title" }, icon(ClipboardList), t("attendance.title")),
    h("p", { class: "hint" }, t("attendance.hint")),
    status, body,
    h("div", { class: "actions" }, csv, done));
  done.addEventListener("click", () => element.close());

  async function load(): Promise<void> {
    status.textContent = "";
    const response = await get("").catch(() => null);
    if (!response?.ok) {
      status.textContent = t("attendance.failed", await refusal(response));
      return;
    }
    const sheet = fromJson(AttendanceResponseSchema, await response.json(), { ignoreUnknownFields: true });
    const sessions = [...sheet.sessions].reverse();
    replace(body, sessions.length === 0 ? h("p", null, t("attendance.none")) : sessions.map(section));
  }

  return {
    element,
    open: () => {
      replace(body, h("p", null, t("attendance.loading")));
      element.showModal();
      void load();
    },
  };
}
