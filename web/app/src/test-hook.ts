import type { WhiteboardOp } from "@ardoise/whiteboard";
import type { Board } from "./board/board";
import type { Presenting } from "./board/presenting";
import type { Connection } from "./connection";
import type { RoomModel } from "./room";
import { MediaKind } from "./gen/ardoise/v1/media_pb";
import type { Publications } from "./media/publications";
import type { LocalKind } from "./media/rights";
import type { MediaSession } from "./media/session";
import type { SpeakingMeter } from "./media/speaking";

interface Parts {
  room: RoomModel;
  board: Board;
  presenting: Presenting;
  connection: Connection;
  banner: HTMLElement;
  media: MediaSession;
  publications: Publications;
  speaking: SpeakingMeter;
  mediaStatus: HTMLElement;
}

interface Inbound {
  trackId: string;
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
  bytesReceived: number;
  /** The size of the last decoded frame: which simulcast layer the SFU sends. */
  frameWidth: number;
  frameHeight: number;
}

function inboundOf(report: RTCStatsReport, trackId: string): Inbound[] {
  const out: Inbound[] = [];
  report.forEach((s) => {
    if (s.type === "inbound-rtp") out.push({ trackId, kind: s.kind, framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0,
      bytesReceived: s.bytesReceived ?? 0, frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0 });
  });
  return out;
}

/** How a connection's media travels: its selected candidate pair, as getStats tells it. */
interface Route {
  /** "host", "srflx", "prflx" or "relay" (through TURN). */
  local: string;
  remote: string;
  /** The protocol between the browser and the SFU, or between the browser and its TURN server when relayed. */
  protocol: string;
  bytesSent: number;
  bytesReceived: number;
}

function routeOf(report: RTCStatsReport | undefined): Route | null {
  if (!report) return null;
  let pairId: string | undefined;
  report.forEach((s) => {
    if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  const pair = pairId ? report.get(pairId) : undefined;
  if (!pair) return null;
  const local = report.get(pair.localCandidateId);
  const remote = report.get(pair.remoteCandidateId);
  return {
    local: local?.candidateType ?? "",
    remote: remote?.candidateType ?? "",
    protocol: local?.candidateType === "relay" ? local?.relayProtocol ?? "" : local?.protocol ?? "",
    bytesSent: pair.bytesSent ?? 0,
    bytesReceived: pair.bytesReceived ?? 0,
  };
}

/**
 * window.__ardoise: views of the client's state for the browser tests (and for curious operators in
 * the console). Nothing here is secret: it is what the screen already shows; commit() can do nothing
 * the room would not check, like any other client.
 */
export function exposeForTests(parts: () => Parts): void {
  (window as unknown as Record<string, unknown>).__ardoise = {
    get participantId() { return parts().room.me; },
    get role() { return parts().room.role; },
    get entryPolicy() { return parts().room.entryPolicy; },
    get lastSeq() { return Number(parts().connection.lastSeq); },
    get page() { return parts().board.page; },
    /** Whether this board follows the presenting teacher, and the page the room presents. */
    get following() { return parts().presenting.following; },
    get presentedPage() { return parts().presenting.presented?.pageId; },
    /** The room this page is in now: its class, or one of the class's breakout groups. */
    get breakoutGroup() { return parts().room.breakoutGroupId; },
    get roomTitle() { return parts().room.title; },
    /** The live pages' titles, in order. */
    get pageTitles() { return parts().board.pages().map((page) => parts().board.doc.pages.get(page.id)?.title?.value ?? ""); },
    /** The live pages' ids, in order. */
    get pages() { return parts().board.pages().map((page) => page.id); },
    /** Pictures (image shapes) of this page drawn from their fetched image, not their placeholder. */
    picturesShown() {
      const board = parts().board;
      return board.shapes().filter((s) => s.kind === "SHAPE_KIND_IMAGE" && board.pictures?.has(s.image)).length;
    },
    get boardVisible() { return document.querySelector(".board-canvas") !== null && parts().room.me !== ""; },
    get chat() { return parts().room.chat.map((m) => ({ seq: Number(m.seq), from: m.from, to: m.to, text: m.text })); },
    get bannerShown() { return !parts().banner.hidden; },
    shapeCount(page?: string) { return parts().board.doc.liveShapeCount(page ?? parts().board.page); },
    shapes() {
      return parts().board.shapes().map((s) => ({
        id: s.id, kind: s.kind, owner: s.owner, text: s.text, x: s.x, y: s.y, width: s.width, height: s.height,
        strokeColor: s.strokeColor, fillColor: s.fillColor, zIndex: s.zIndex,
      }));
    },
    /** This page's camera (page point at the canvas's top-left, zoom 1 = 100 %), once the board was painted. */
    camera() {
      const camera = parts().board.cameras.get(parts().board.page);
      return camera === undefined ? undefined : { ...camera };
    },
    /** Laser trails still fading on this client, its own and others'. */
    laserTrails() { return parts().board.lasers.live(); },
    liveStrokeAuthors() { return [...parts().board.strokes.values()].map((s) => s.author); },
    get selected() { return parts().board.selected; },
    /** The whole replica's digest, tombstones and stamps included. */
    digest() { return parts().board.doc.digest(); },
    /** Commits ops as the UI would (applied here, then sent): lets a test make the room refuse a batch. */
    commit(ops: WhiteboardOp[]) { parts().board.commit(ops); },
    viewDigest() { return parts().board.doc.viewDigest(); },
    viewText() { return parts().board.doc.viewText(); },
    drop() { parts().connection.drop(); },
    /** Whether this page shows the class as recorded. */
    get recording() { return parts().room.recording; },
    /** Sends SetRecording whatever the screen offers: a student's is refused by the room, as any client's would be. */
    setRecording(on: boolean) { parts().connection.send({ case: "setRecording", value: { on } } as Parameters<Connection["send"]>[0]); },
    media: {
      get phase() { return parts().media.phase; },
      /** The "audio and video unavailable" note is on screen. */
      get unavailableShown() {
        const status = parts().mediaStatus.querySelector<HTMLElement>(".media-status");
        return status !== null && !status.hidden && status.dataset.phase === "unavailable";
      },
      get local() { return [...parts().media.local.keys()]; },
      get refusals() { return [...parts().media.refusals]; },
      /** The device a local track captures from. */
      deviceOf(kind: LocalKind) { return parts().media.local.get(kind)?.getSettings().deviceId ?? ""; },
      /** What the SFU sends this page now, with the owner and kind the room's MediaState gives. */
      get received() {
        return [...parts().media.received.values()].map((r) => {
          const p = parts().publications.track(r.trackId);
          return { trackId: r.trackId, kind: r.track.kind, owner: p?.participantId ?? "", screen: p?.kind === MediaKind.SCREEN };
        });
      },
      get publications() {
        return parts().publications.all().map((p) => ({ participantId: p.participantId, trackId: p.trackId, kind: MediaKind[p.kind], muted: p.muted }));
      },
      /** inbound-rtp of every received track, named by its published id. */
      async inbound() {
        const all = await Promise.all([...parts().media.received.values()].map(async (r) => inboundOf(await r.receiver.getStats(), r.trackId)));
        return all.flat().map((s) => ({ ...s, owner: parts().publications.track(s.trackId)?.participantId ?? "" }));
      },
      /** Every inbound-rtp of the subscriber connection, whatever track it belongs to. */
      async inboundAll() {
        const report = await parts().media.inboundStats();
        return report ? inboundOf(report, "") : [];
      },
      /** The TURN username of each connection's configuration, publisher's first. */
      get iceUsernames() { return parts().media.iceUsernames(); },
      /** The selected route of the sending and the receiving connection (null before one is chosen). */
      async routes() {
        const { publisher, subscriber } = await parts().media.transportStats();
        return { publisher: routeOf(publisher), subscriber: routeOf(subscriber) };
      },
      /** Sends `kind` whatever the locks say, as a modified client would: the room must refuse it. */
      publishIgnoringRights(kind: LocalKind) { return parts().media.turnOn(kind, true); },
      /** Participants whose audio this page heard as speech at least once. */
      get heard() { return [...parts().speaking.heard]; },
      get speaking() { return [...parts().speaking.speaking]; },
    },
  };
}
