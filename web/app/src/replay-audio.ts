/** One recording of the teachers' voice, as GET /api/v1/rooms/{id}/recordings lists it. */
export interface Recording {
  id: string;
  startedAtMs: number;
  endedAtMs: number;
  bytes: number;
  url: string;
}

/** How far the audio may stray from the replay's clock before it is moved back: less is heard as stutter. */
export const DRIFT_S = 0.3;

/** The recording that covers a moment of the class, and how far into it that moment is, or undefined in a silence. */
export function audioAt(recordings: readonly Recording[], timeMs: number): { recording: Recording; offsetS: number } | undefined {
  const recording = recordings.find((r) => r.startedAtMs <= timeMs && timeMs < r.endedAtMs);
  return recording && { recording, offsetS: (timeMs - recording.startedAtMs) / 1000 };
}

/** Whether the audio, at `currentS`, is far enough from `wantedS` to be moved. */
export function drifted(currentS: number, wantedS: number): boolean {
  return Math.abs(currentS - wantedS) > DRIFT_S;
}

/** The class's recordings, oldest first; none while the class has none (404, or the service not there). */
export async function fetchRecordings(roomId: string, headers: HeadersInit): Promise<Recording[]> {
  const response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}/recordings`, { headers }).catch(() => undefined);
  if (!response?.ok) return [];
  const body = (await response.json().catch(() => ({}))) as { recordings?: Recording[] };
  return [...(body.recordings ?? [])].sort((a, b) => a.startedAtMs - b.startedAtMs);
}

/**
 * Keeps an <audio> element on the replay's clock: the recording that covers the moment shown, at its place in it,
 * playing at the replay's rate while the replay plays; silent between recordings.
 */
export class RecordingSync {
  constructor(private readonly audio: HTMLAudioElement, private readonly recordings: readonly Recording[]) {}

  get any(): boolean {
    return this.recordings.length > 0;
  }

  update(timeMs: number, playing: boolean, rate: number): void {
    const at = audioAt(this.recordings, timeMs);
    if (!at) {
      if (!this.audio.paused) this.audio.pause();
      return;
    }
    const src = new URL(at.recording.url, location.href).href;
    if (this.audio.src !== src) this.audio.src = src;
    // One seek at a time: seeking again each frame while the last one loads would hold the audio still.
    if (!this.audio.seeking && drifted(this.audio.currentTime, at.offsetS)) this.audio.currentTime = at.offsetS;
    this.audio.playbackRate = rate;
    if (playing && this.audio.paused) void this.audio.play().catch(() => {});
    if (!playing && !this.audio.paused) this.audio.pause();
  }
}
