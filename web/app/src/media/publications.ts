import { MediaKind, type MediaPublication, type MediaState } from "../gen/ardoise/v1/media_pb";

/** Who sends which track, as the server last said (ServerFrame.media_state, always whole). */
export class Publications {
  private byTrack = new Map<string, MediaPublication>();

  set(state: MediaState): void {
    this.byTrack = new Map(state.publications.map((p) => [p.trackId, p]));
  }

  track(trackId: string): MediaPublication | undefined {
    return this.byTrack.get(trackId);
  }

  /** The participant's publication of `kind`, if they send one. */
  of(participantId: string, kind: MediaKind): MediaPublication | undefined {
    for (const p of this.byTrack.values()) if (p.participantId === participantId && p.kind === kind) return p;
    return undefined;
  }

  all(): MediaPublication[] {
    return [...this.byTrack.values()];
  }
}
