import type { WhiteboardDoc } from "./doc.js";
import type { WhiteboardOp } from "./types.js";

/**
 * Stamps the ops one client makes on its replica: the clock first catches up with everything
 * the replica has applied (max(seen) + 1), so each new op sorts after all its author could see.
 */
export class LocalAuthor {
  private clock: bigint;

  constructor(readonly clientId: string, private readonly doc: WhiteboardDoc) {
    this.clock = doc.maxLamport;
  }

  /** A fresh "client_id:n"; n is a clock tick, never handed out twice, even after a reload. */
  newId(): string {
    return `${this.clientId}:${this.tick()}`;
  }

  /** The draft (page and body) with this client's id, a new clock and an op id. */
  stamp(draft: WhiteboardOp): WhiteboardOp {
    const lamport = this.tick();
    return { ...draft, id: `${this.clientId}:${lamport}`, lamport: lamport.toString(), clientId: this.clientId };
  }

  private tick(): bigint {
    if (this.doc.maxLamport > this.clock) this.clock = this.doc.maxLamport;
    this.clock += 1n;
    return this.clock;
  }
}
