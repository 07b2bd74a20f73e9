import { ChevronDown, ChevronUp } from "lucide";
import { h } from "../dom";
import { icon } from "../ui/icon";
import { t } from "../i18n";
import { MediaKind } from "../gen/ardoise/v1/media_pb";
import { Role } from "../gen/ardoise/v1/room_pb";
import type { RoomModel } from "../room";
import type { Publications } from "./publications";
import type { MediaSession } from "./session";

interface Tile {
  key: string;
  track: MediaStreamTrack;
  owner: string;
  screen: boolean;
  local: boolean;
}

export interface VideoGrid {
  /** The strip of tiles under the stage. */
  element: HTMLElement;
  /** The presenter view: the main tile (a screen share, else a teacher's camera) as large as the stage. */
  presenter: HTMLElement;
  /** Whether the main tile goes to the presenter view (true) or stays in the strip with the others. */
  present(on: boolean): void;
  /** The key of the main tile, if any; a new key for a screen share is what switches a class to the presenter view. */
  main(): { key: string; screen: boolean; local: boolean } | undefined;
  refresh(): void;
  markSpeaking(): void;
}

/**
 * The videos: a strip of tiles that can be minimised, and a presenter view for the main one, plus
 * an <audio> element per received microphone. Elements are kept by track while the track stays, so
 * a redraw never restarts a playing video.
 */
export function videoGrid(session: MediaSession, publications: Publications, room: RoomModel, speaking: Set<string>): VideoGrid {
  const presenter = h("section", { class: "presenter", "aria-label": t("presenterView"), hidden: true });
  const tiles = h("div", { class: "tiles" });
  const sounds = h("div", { hidden: true });
  const count = h("span");
  const minimise = h("button", { type: "button", id: "minimise-videos", "aria-expanded": "true", "aria-controls": "video-tiles" });
  tiles.id = "video-tiles";
  const element = h("section", { class: "videos", "aria-label": t("videos"), hidden: true, "data-minimised": "false" }, h("div", { class: "videos-head" }, count, minimise), tiles, sounds);
  let presenting = false;
  function showMinimised(minimised: boolean): void {
    element.dataset.minimised = String(minimised);
    minimise.setAttribute("aria-expanded", String(!minimised));
    minimise.replaceChildren(icon(minimised ? ChevronUp : ChevronDown));
    minimise.setAttribute("aria-label", minimised ? t("showVideos") : t("hideVideos"));
    minimise.title = minimise.getAttribute("aria-label")!;
  }
  minimise.addEventListener("click", () => showMinimised(element.dataset.minimised !== "true"));
  showMinimised(false);
  const shown = new Map<string, { figure: HTMLElement; track: MediaStreamTrack; caption: HTMLElement; video: HTMLVideoElement }>();
  // A received video's size on screen picks the layer the SFU sends: a strip tile gets the small one,
  // the presenter view the full one, a minimised strip none. The picture is 16:9 (devices.ts), and as
  // high as the element only while the element is wider than that: a phone's presenter view is tall.
  const sizes = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const key = (entry.target as HTMLElement).dataset.track;
      const { width, height } = entry.contentRect;
      if (key) session.showVideo(key, Math.min(height, (width * 9) / 16) * devicePixelRatio);
    }
  });
  const heard = new Map<string, { audio: HTMLAudioElement; track: MediaStreamTrack }>();

  function current(): Tile[] {
    const out: Tile[] = [];
    for (const kind of ["screen", "camera"] as const) {
      const track = session.local.get(kind);
      if (track) out.push({ key: `local:${kind}`, track, owner: room.me, screen: kind === "screen", local: true });
    }
    for (const r of session.received.values()) {
      if (r.track.kind !== "video") continue;
      const p = publications.track(r.trackId);
      out.push({ key: r.trackId, track: r.track, owner: p?.participantId ?? "", screen: p?.kind === MediaKind.SCREEN, local: false });
    }
    return out;
  }

  /** A screen share first (someone else's before ours), else a teacher's camera; none among equals. */
  function mainOf(list: Tile[]): Tile | undefined {
    return list.find((x) => x.screen && !x.local) ?? list.find((x) => x.screen)
      ?? list.find((x) => !x.local && room.participants.get(x.owner)?.role === Role.TEACHER);
  }

  function label(tile: Tile): string {
    const name = tile.local ? t("you") : room.name(tile.owner) || "?";
    return tile.screen ? t("screenOf", name) : name;
  }

  function refresh(): void {
    const list = current();
    const found = mainOf(list);
    const big = presenting ? found : undefined;
    const keys = new Set(list.map((x) => x.key));
    for (const [key, entry] of shown) {
      if (!keys.has(key) || list.find((x) => x.key === key)!.track !== entry.track) {
        sizes.unobserve(entry.video);
        entry.figure.remove();
        shown.delete(key);
      }
    }
    for (const tile of list) {
      let entry = shown.get(tile.key);
      if (!entry) {
        // Muted: sound comes through the <audio> elements; a muted video may autoplay.
        const video = h("video", { autoplay: true, playsinline: true, muted: true, "aria-hidden": "true" });
        video.muted = true;
        video.srcObject = new MediaStream([tile.track]);
        const caption = h("figcaption");
        const figure = h("figure", { class: tile.local && !tile.screen ? "tile mirrored" : "tile", "data-track": tile.key }, video, caption);
        if (!tile.local) {
          video.dataset.track = tile.key;
          sizes.observe(video);
        }
        entry = { figure, track: tile.track, caption, video };
        shown.set(tile.key, entry);
      }
      entry.caption.textContent = label(tile);
      entry.figure.dataset.owner = tile.owner;
      entry.figure.setAttribute("aria-label", label(tile));
      const parent = tile === big ? presenter : tiles;
      entry.figure.classList.toggle("main", tile === big);
      parent.appendChild(entry.figure);
    }
    presenter.hidden = big === undefined;
    const inStrip = list.length - (big ? 1 : 0);
    element.hidden = inStrip === 0;
    count.textContent = t("videoCount", String(inStrip));

    const audible = new Map([...session.received.values()].filter((r) => r.track.kind === "audio").map((r) => [r.trackId, r.track]));
    for (const [key, entry] of heard) {
      if (audible.get(key) !== entry.track) {
        entry.audio.srcObject = null;
        entry.audio.remove();
        heard.delete(key);
      }
    }
    for (const [key, track] of audible) {
      if (heard.has(key)) continue;
      const audio = h("audio", { autoplay: true });
      audio.srcObject = new MediaStream([track]);
      // Autoplay with sound needs a gesture on some browsers; the join click usually was one.
      void audio.play().catch(() => addEventListener("pointerdown", () => void audio.play().catch(() => {}), { once: true }));
      sounds.appendChild(audio);
      heard.set(key, { audio, track });
    }
    markSpeaking();
  }

  function markSpeaking(): void {
    for (const entry of shown.values()) entry.figure.classList.toggle("speaking", speaking.has(entry.figure.dataset.owner ?? ""));
  }

  function main(): { key: string; screen: boolean; local: boolean } | undefined {
    const tile = mainOf(current());
    return tile && { key: tile.key, screen: tile.screen, local: tile.local };
  }

  function present(on: boolean): void {
    presenting = on;
    refresh();
  }

  return { element, presenter, present, main, refresh, markSpeaking };
}
