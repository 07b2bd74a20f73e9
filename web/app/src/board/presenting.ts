import type { Presentation, PresentedView } from "../gen/ardoise/v1/room_pb";
import type { Body } from "../connection";

/** A view on the move goes out at most this often; it is written once it has stood still this long. */
export const MOVE_EVERY_MS = 200;
export const SETTLE_MS = 400;

export interface PresentingParts {
  isTeacher(): boolean;
  me(): string;
  /** The page this board shows. */
  page(): string;
  /** What this board shows now, as a presenter sends it. */
  view(): PresentedView;
  /** Shows the presented page and view on this board. */
  show(presentation: Presentation): void;
  /** A settled Present is an action (numbered, sent again after a drop); one on the move is ephemeral. */
  send(body: Body, settled: boolean): void;
  changed(): void;
}

/**
 * Presenting (protocol/WHITEBOARD.md, "Presenting"): a teacher's page turns and view moves go to the class;
 * a student's board follows the presented page and view until the student turns a page or moves the view
 * themselves, and follows again with "back to the teacher". Teachers never follow: each teacher's board is
 * their own, and whoever of them turned or moved last is the presenter.
 */
export class Presenting {
  /** What the room presents, as this client last heard (or, for its own turn, sent). */
  presented: Presentation | undefined;
  following = true;
  private lastMove = 0;
  private settle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly parts: PresentingParts) {}

  /**
   * What the room presents, from a Welcome (`landing`: a newcomer, a reload or a resume lands on it, a teacher
   * too), a written event or a view on the move. Nothing presented yet leaves the board where it is.
   */
  received(presentation: Presentation | undefined, landing = false): void {
    if (landing) this.following = true;
    if (presentation === undefined || presentation.pageId === "") {
      this.parts.changed();
      return;
    }
    // Our own turn, echoed: we are there already, and a later move may have gone out since.
    if (!landing && presentation.presenter === this.parts.me()) return;
    this.presented = presentation;
    if (landing || (this.following && !this.parts.isTeacher())) this.parts.show(presentation);
    this.parts.changed();
  }

  /** This participant turned the page (the page bar, a thumbnail, a new page or document). */
  turned(): void {
    if (!this.parts.isTeacher()) return this.stopFollowing();
    clearTimeout(this.settle);
    this.sendSettled();
  }

  /** This participant moved or zoomed the view. */
  moved(): void {
    if (!this.parts.isTeacher()) return this.stopFollowing();
    // A view on the move is relayed only on the presented page: elsewhere it is a page turn first.
    if (this.presented?.pageId !== this.parts.page()) {
      clearTimeout(this.settle);
      this.sendSettled();
      return;
    }
    const now = performance.now();
    if (now - this.lastMove >= MOVE_EVERY_MS) {
      this.lastMove = now;
      this.parts.send({ case: "present", value: { pageId: this.parts.page(), view: this.parts.view(), settled: false } } as Body, false);
    }
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.sendSettled(), SETTLE_MS);
  }

  /** A student follows again, from where the presenter is now. */
  backToTeacher(): void {
    this.following = true;
    if (this.presented !== undefined) this.parts.show(this.presented);
    this.parts.changed();
  }

  /** Whether "back to the teacher" has somewhere to bring this student. */
  get strayed(): boolean {
    return !this.parts.isTeacher() && !this.following && this.presented !== undefined;
  }

  private stopFollowing(): void {
    if (!this.following) return;
    this.following = false;
    this.parts.changed();
  }

  private sendSettled(): void {
    const pageId = this.parts.page();
    const view = this.parts.view();
    this.presented = { $typeName: "ardoise.v1.Presentation", pageId, view, presenter: this.parts.me() };
    this.parts.send({ case: "present", value: { pageId, view, settled: true } } as Body, true);
    this.parts.changed();
  }
}
