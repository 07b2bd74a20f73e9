import "./replay.css";
import { fromBinary } from "@bufbuild/protobuf";
import { Pause, Play } from "lucide";
import { h, replace } from "./dom";
import { t } from "./i18n";
import { Pictures } from "./board/pictures";
import { fit } from "./board/camera";
import { PAGE_H, PAGE_W, render } from "./board/render";
import { bounds } from "./board/shapes";
import { ReplayPageSchema } from "./gen/ardoise/v1/replay_pb";
import { Role, type RoomEvent, type RoomSnapshot } from "./gen/ardoise/v1/room_pb";
import { fetchRecordings, RecordingSync, type Recording } from "./replay-audio";
import { ReplayFold } from "./replay-fold";
import { showScreen, type Screen } from "./screens";
import { brand } from "./ui/brand";
import { icon } from "./ui/icon";

export const SPEEDS = [1, 2, 4] as const;

// Refusals of GET .../replay, by their problem code, and the screen each one gets.
const REFUSED: Record<string, Screen> = {
  forbidden: "replay-refused", invalid_link: "invalid-link", expired_link: "expired-link", link_revoked: "revoked-link",
  wrong_class: "wrong-class", unknown_class: "unknown-class", not_owner: "not-found", not_signed_in: "not-found",
};

/** "m:ss", or "h:mm:ss" past an hour. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60);
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

/**
 * The replay of a class (/c/<roomId>/replay, the link after #, or a signed-in teacher's session): its board, chat and
 * participants as they were at any moment, from its journal (GET /api/v1/rooms/{id}/replay), with play, pause, 1×/2×/4×
 * and a timeline; the teachers' recorded voice alongside when there is one.
 */
export async function showReplay(root: HTMLElement, roomId: string, token: string): Promise<void> {
  document.body.dataset.screen = "replay";
  replace(root, h("div", { class: "page" }, h("header", null, brand()), h("p", { role: "status", class: "replay-loading" }, t("replayLoading"))));
  const headers: HeadersInit = token ? { Authorization: `Bearer ${token}` } : {};
  const loaded = await load(roomId, headers);
  if ("refused" in loaded) {
    showScreen(root, loaded.refused, { label: t("goHome"), run: () => location.assign("/") });
    return;
  }
  const fold = new ReplayFold(loaded.start, loaded.startTimeMs, loaded.events);
  const withToken = (url: string) => token ? `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : url;
  const recordings = (await fetchRecordings(roomId, headers)).map((r) => ({ ...r, url: withToken(r.url) }));
  player(root, roomId, token, fold, recordings);
}

type Loaded = { start?: RoomSnapshot; startTimeMs: number; events: RoomEvent[] } | { refused: Screen };

/** Every page of the journal, in order. */
async function load(roomId: string, headers: HeadersInit): Promise<Loaded> {
  const events: RoomEvent[] = [];
  let start: RoomSnapshot | undefined;
  let startTimeMs = 0;
  let after = 0n;
  for (;;) {
    const response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}/replay?after=${after}`, { headers }).catch(() => undefined);
    if (!response?.ok) {
      const problem = (await response?.json().catch(() => ({}))) as { error?: string } | undefined;
      return { refused: REFUSED[problem?.error ?? ""] ?? "unknown-class" };
    }
    const page = fromBinary(ReplayPageSchema, new Uint8Array(await response.arrayBuffer()));
    if (after === 0n) {
      start = page.start;
      startTimeMs = Number(page.startTimeMs);
    }
    events.push(...page.events);
    if (page.nextAfter === 0n) break;
    after = page.nextAfter;
  }
  return { start, startTimeMs, events };
}

function player(root: HTMLElement, roomId: string, token: string, fold: ReplayFold, recordings: Recording[]): void {
  const duration = fold.endMs - fold.startMs;
  let now = fold.startMs;
  let playing = false;
  let rate: number = SPEEDS[0];
  let last = 0;

  const canvas = h("canvas", { class: "board-canvas replay-canvas", role: "img", "aria-label": t("board") });
  const audio = h("audio", { class: "replay-audio", preload: "auto", hidden: true });
  const sync = new RecordingSync(audio, recordings);
  const voice = sync.any ? h("p", { class: "replay-voice" }, t("replayVoice")) : null;
  const playButton = h("button", { type: "button", id: "replay-play", class: "replay-play" });
  const timeline = h("input", { type: "range", id: "replay-timeline", min: 0, max: Math.max(1, Math.ceil(duration / 1000)) * 1000, step: 1000, value: 0, "aria-label": t("replayTimeline") });
  const time = h("output", { id: "replay-time", for: "replay-timeline" });
  const speeds = SPEEDS.map((speed) => {
    const radio = h("input", { type: "radio", name: "replay-speed", id: `replay-speed-${speed}`, value: String(speed) });
    radio.checked = speed === rate;
    radio.addEventListener("change", () => {
      rate = speed;
      tick();
    });
    return h("label", { class: "replay-speed" }, radio, `${speed}×`);
  });
  const people = h("ul", { class: "replay-people", id: "replay-people" });
  const peopleTitle = h("h2", { id: "replay-people-title" });
  const chat = h("ol", { class: "replay-chat", id: "replay-chat", "aria-labelledby": "replay-chat-title" });
  const title = h("h1", { id: "replay-title" });

  fold.board.pictures = new Pictures((hash) => `/api/v1/rooms/${encodeURIComponent(roomId)}/blobs/${hash}`, () => token, () => paint());
  playButton.addEventListener("click", () => (playing ? pause() : play()));
  timeline.addEventListener("input", () => {
    // Whole seconds, the last one rounded up: End lands on the class's last moment.
    now = Math.min(fold.endMs, fold.startMs + Number(timeline.value));
    show();
  });

  replace(root, h("div", { class: "replay" },
    h("header", { class: "replay-head" }, brand(), title, voice),
    h("main", { class: "replay-main" },
      h("div", { class: "replay-stage" }, canvas),
      h("aside", { class: "replay-side" },
        h("section", { "aria-labelledby": "replay-people-title" }, peopleTitle, people),
        h("section", { "aria-labelledby": "replay-chat-title" }, h("h2", { id: "replay-chat-title" }, t("replayChat")), chat))),
    h("div", { class: "replay-controls", role: "group", "aria-label": t("replayTimeline") },
      playButton, timeline, time,
      h("fieldset", { class: "replay-speeds" }, h("legend", { class: "visually-hidden" }, t("replaySpeed")), ...speeds)),
    audio));
  new ResizeObserver(() => paint()).observe(canvas);
  expose();
  show();
  playButton.focus();

  function play(): void {
    if (now >= fold.endMs) now = fold.startMs;
    playing = true;
    last = performance.now();
    requestAnimationFrame(frame);
    show();
  }

  function pause(): void {
    playing = false;
    show();
  }

  function frame(at: number): void {
    if (!playing) return;
    now = Math.min(fold.endMs, now + (at - last) * rate);
    last = at;
    if (now >= fold.endMs) playing = false;
    show();
    if (playing) requestAnimationFrame(frame);
  }

  /** Folds to `now` and redraws what changed with it. */
  function show(): void {
    const before = fold.applied;
    fold.seek(now);
    tick();
    if (fold.applied !== before || people.childElementCount === 0) {
      lists();
      paint();
    }
  }

  function tick(): void {
    const at = now - fold.startMs;
    timeline.value = String(at);
    const text = t("replayAt", clock(at), clock(duration));
    timeline.setAttribute("aria-valuetext", text);
    time.textContent = text;
    replace(playButton, icon(playing ? Pause : Play), playing ? t("replayPause") : t("replayPlay"));
    playButton.setAttribute("aria-pressed", String(playing));
    sync.update(now, playing, rate);
  }

  function lists(): void {
    const room = fold.room;
    title.textContent = t("replayOf", room.title);
    document.title = `${t("replayOf", room.title)} — Ardoise`;
    const present = [...room.participants.values()].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === Role.TEACHER ? -1 : 1));
    peopleTitle.textContent = t("replayPeople", String(present.filter((p) => p.connected).length));
    replace(people, present.map((p) => h("li", { "data-connected": String(p.connected) },
      p.name, p.role === Role.TEACHER ? h("span", { class: "tag" }, t("teacher")) : null,
      p.connected ? null : h("span", { class: "tag muted" }, t("replayAway")))));
    replace(chat, room.chat.length === 0 ? h("li", { class: "empty" }, t("replayNoChat")) : room.chat.map((m) => h("li", null,
      h("strong", null, room.name(m.from) || t("appName")),
      m.to ? h("span", { class: "tag" }, t("replayPrivate", room.name(m.to))) : null,
      h("span", null, ` ${m.text}`))));
    chat.lastElementChild?.scrollIntoView({ block: "nearest" });
  }

  function paint(): void {
    if (canvas.clientWidth === 0) return;
    fold.board.page = fold.page;
    const shapes = fold.board.shapes();
    const area = shapes.reduce((box, view) => {
      const b = bounds(view);
      const x = Math.min(box.x, b.x);
      const y = Math.min(box.y, b.y);
      return { x, y, w: Math.max(box.x + box.w, b.x + b.w) - x, h: Math.max(box.y + box.h, b.y + b.h) - y };
    }, { x: 0, y: 0, w: PAGE_W, h: PAGE_H });
    render(canvas, fold.board, {}, (id) => fold.room.name(id), fit(area, canvas.clientWidth, canvas.clientHeight));
  }

  /** window.__ardoiseReplay, for the browser tests: what the screen shows, and the folded board's digest. */
  function expose(): void {
    (window as unknown as Record<string, unknown>).__ardoiseReplay = {
      get now() { return now - fold.startMs; },
      get startMs() { return fold.startMs; },
      get duration() { return duration; },
      get playing() { return playing; },
      get rate() { return rate; },
      get applied() { return fold.applied; },
      get events() { return fold.events.length; },
      digest: () => fold.board.doc.digest(),
      shapeCount: () => fold.board.doc.liveShapeCount(fold.page),
      get chat() { return fold.room.chat.map((m) => m.text); },
      get participants() { return [...fold.room.participants.values()].filter((p) => p.connected).map((p) => p.name); },
      /** Milliseconds one seek to `atMs` (from the start) takes, board and lists redrawn. */
      timeSeek(atMs: number) {
        const began = performance.now();
        now = fold.startMs + atMs;
        show();
        return performance.now() - began;
      },
    };
  }
}
