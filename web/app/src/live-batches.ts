import type { RoomEvent } from "./gen/ardoise/v1/room_pb";

/**
 * Others' whiteboard batches seen live, before the room wrote them (protocol/WHITEBOARD.md, "Live batches"),
 * by the seq they are to be written with. Each is settled by the first written event at or past its seq: the
 * same ops at that seq confirm it; anything else means it was lost with the node that relayed it (that node
 * crashed before the write, and its author did not send it again), so the board must be taken from the room.
 * Every method answers false when the board has to be taken again.
 */
export class LiveBatches {
  // seq -> the stamps of its ops, which name an op (two different ops never share a stamp).
  private readonly seen = new Map<bigint, string>();

  /** A live batch: true when it is news to apply, false when its written event has already come. */
  received(event: RoomEvent, lastSeq: bigint): boolean {
    if (event.seq <= lastSeq || event.body.case !== "whiteboard") return false;
    this.seen.set(event.seq, stamps(event));
    return true;
  }

  /** A written event, in seq order. */
  written(event: RoomEvent): boolean {
    let kept = true;
    for (const [seq, ops] of this.seen) {
      if (seq > event.seq) continue;
      this.seen.delete(seq);
      if (seq < event.seq || ops !== stamps(event)) kept = false;
    }
    return kept;
  }

  /**
   * A written mark (we asked for them in our Join): every event up to `writtenThrough` is written, and those we
   * hold as live batches were written as we saw them; their written events will not come.
   */
  confirmed(writtenThrough: bigint): void {
    for (const seq of this.seen.keys()) {
      if (seq <= writtenThrough) this.seen.delete(seq);
    }
  }

  /** The end of a catch-up, or a Welcome: the room has accepted nothing past `acceptedSeq`. */
  accepted(acceptedSeq: bigint): boolean {
    let kept = true;
    for (const seq of this.seen.keys()) {
      if (seq > acceptedSeq) {
        this.seen.delete(seq);
        kept = false;
      }
    }
    return kept;
  }

  /**
   * A Welcome's snapshot, written up to `lastSeq`. Taken as is (`replace`), the board holds nothing live any more;
   * merged, a live batch at or below `lastSeq` cannot be told apart in it, so it is checked by taking the board.
   */
  snapshot(lastSeq: bigint, replace: boolean): boolean {
    if (replace) {
      this.seen.clear();
      return true;
    }
    let kept = true;
    for (const seq of this.seen.keys()) {
      if (seq <= lastSeq) {
        this.seen.delete(seq);
        kept = false;
      }
    }
    return kept;
  }
}

function stamps(event: RoomEvent): string {
  return event.body.case === "whiteboard" ? event.body.value.ops.map((op) => `${op.lamport}@${op.clientId}`).join(",") : "";
}
