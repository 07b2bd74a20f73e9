/**
 * Who is speaking, measured here with WebAudio (an AnalyserNode per audio track, ours and the
 * received ones): nothing goes to the server. A level above THRESHOLD in any BLOCK of samples
 * counts as speech, held for HOLD_MS so the indicator does not flicker between syllables.
 */
const THRESHOLD = 0.02;
const HOLD_MS = 400;
const EVERY_MS = 100;
// Each look reads the last WINDOW samples (170 ms at 48 kHz), more than the time between two looks
// even when a busy page runs its timer late: a short sound between two looks is not missed. (A window
// of 512 samples heard 11 ms of every 100: once, under CI load, the e2e test's fake-microphone beeps
// went unheard for 10 s.)
const WINDOW = 8192;
// The level is taken per 512 samples (about 10 ms), so a short sound in a long window is not averaged away.
const BLOCK = 512;

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
    analyser.fftSize = WINDOW;
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
      // A muted or disabled track reads as silence, which is right.
      if (loudestBlock(w.samples) > THRESHOLD) w.loudAt = now;
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

/** The highest RMS level of any BLOCK of consecutive samples. */
function loudestBlock(samples: Float32Array): number {
  let loudest = 0;
  for (let start = 0; start + BLOCK <= samples.length; start += BLOCK) {
    let sum = 0;
    for (let i = start; i < start + BLOCK; i++) sum += samples[i] * samples[i];
    loudest = Math.max(loudest, Math.sqrt(sum / BLOCK));
  }
  return loudest;
}
