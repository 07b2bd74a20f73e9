/**
 * Who is speaking, measured here with WebAudio (an AnalyserNode per audio track, ours and the
 * received ones): nothing goes to the server. A level above THRESHOLD counts as speech, held for
 * HOLD_MS so the indicator does not flicker between syllables.
 */
const THRESHOLD = 0.02;
const HOLD_MS = 400;
const EVERY_MS = 100;

interface Watched {
  track: MediaStreamTrack;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  samples: Float32Array<ArrayBuffer>;
  loudAt: number;
}

export class SpeakingMeter {
  readonly speaking = new Set<string>();
  /** Everyone heard speaking at least once since the page opened (the tests read it). */
  readonly heard = new Set<string>();
  private context: AudioContext | undefined;
  private watched = new Map<string, Watched>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly changed: () => void) {}

  /** Follows `track` under `key` (a participant id); undefined stops following it. */
  watch(key: string, track: MediaStreamTrack | undefined): void {
    const current = this.watched.get(key);
    if (current?.track === track) return;
    if (current) this.unwatch(key);
    if (!track || typeof AudioContext === "undefined") return;
    const context = this.audio();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    this.watched.set(key, { track, source, analyser, samples: new Float32Array(analyser.fftSize), loudAt: 0 });
    this.timer ??= setInterval(() => this.tick(), EVERY_MS);
  }

  /** Stops following every key not in `keep`. */
  retain(keep: Set<string>): void {
    for (const key of [...this.watched.keys()]) if (!keep.has(key)) this.unwatch(key);
  }

  private unwatch(key: string): void {
    const watched = this.watched.get(key);
    if (!watched) return;
    watched.source.disconnect();
    this.watched.delete(key);
    if (this.speaking.delete(key)) this.changed();
    if (this.watched.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private audio(): AudioContext {
    if (!this.context) {
      this.context = new AudioContext();
      // Started without a gesture it may stay suspended: the next click or key starts it.
      const resume = () => void this.context?.resume();
      addEventListener("pointerdown", resume, { passive: true });
      addEventListener("keydown", resume);
    }
    if (this.context.state === "suspended") void this.context.resume().catch(() => {});
    return this.context;
  }

  private tick(): void {
    const now = performance.now();
    let changed = false;
    for (const [key, w] of this.watched) {
      w.analyser.getFloatTimeDomainData(w.samples);
      let sum = 0;
      for (const sample of w.samples) sum += sample * sample;
      // A muted or disabled track reads as silence, which is right.
      if (Math.sqrt(sum / w.samples.length) > THRESHOLD) w.loudAt = now;
      const speaking = now - w.loudAt < HOLD_MS;
      if (speaking !== this.speaking.has(key)) {
        if (speaking) {
          this.speaking.add(key);
          this.heard.add(key);
        } else this.speaking.delete(key);
        changed = true;
      }
    }
    if (changed) this.changed();
  }
}
