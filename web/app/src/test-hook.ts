import type { WhiteboardOp } from "@ardoise/whiteboard";
import type { Board } from "./board/board";
import type { Connection } from "./connection";
import type { RoomModel } from "./room";

interface Parts {
  room: RoomModel;
  board: Board;
  connection: Connection;
  banner: HTMLElement;
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
    get lastSeq() { return Number(parts().connection.lastSeq); },
    get page() { return parts().board.page; },
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
    liveStrokeAuthors() { return [...parts().board.strokes.values()].map((s) => s.author); },
    get selected() { return parts().board.selected; },
    /** The whole replica's digest, tombstones and stamps included. */
    digest() { return parts().board.doc.digest(); },
    /** Commits ops as the UI would (applied here, then sent): lets a test make the room refuse a batch. */
    commit(ops: WhiteboardOp[]) { parts().board.commit(ops); },
    viewDigest() { return parts().board.doc.viewDigest(); },
    viewText() { return parts().board.doc.viewText(); },
    drop() { parts().connection.drop(); },
  };
}
