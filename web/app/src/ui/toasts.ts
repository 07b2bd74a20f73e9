import { h } from "../dom";

export type Tone = "info" | "problem";

/**
 * Short notices that stack above the control bar and go away by themselves. The region is polite:
 * a screen reader reads each one once, after what it was saying.
 */
export class Toasts {
  readonly element = h("div", { class: "toasts", role: "status", "aria-live": "polite" });

  /** `action`: the one thing to do about it, right there (a raised hand is lowered from its notice). */
  show(text: string, options: { tone?: Tone; icon?: SVGElement; ms?: number; key?: string; action?: { label: string; run(): void } } = {}): void {
    // A notice about the same thing replaces the previous one instead of piling up.
    if (options.key) this.element.querySelector(`[data-key="${CSS.escape(options.key)}"]`)?.remove();
    const action = options.action;
    const button = action ? h("button", { type: "button", class: "secondary", onclick: () => { action.run(); toast.remove(); } }, action.label) : null;
    const toast = h("div", { class: "toast", "data-tone": options.tone ?? "info", "data-key": options.key }, options.icon ?? null, h("span", null, text), button);
    this.element.appendChild(toast);
    while (this.element.children.length > 4) this.element.firstElementChild!.remove();
    setTimeout(() => toast.remove(), options.ms ?? 5000);
  }

  /** Notices whose key starts with `keyPrefix` are no longer news (the hand went down elsewhere). */
  dismiss(keyPrefix: string): void {
    for (const toast of this.element.querySelectorAll<HTMLElement>("[data-key]")) if (toast.dataset.key?.startsWith(keyPrefix)) toast.remove();
  }
}

/** A short two-note chime made on the spot (no audio file to fetch), for a teacher who asked for sound. */
export function chime(): void {
  const Context = window.AudioContext;
  if (!Context) return;
  const context = new Context();
  const gain = context.createGain();
  gain.connect(context.destination);
  gain.gain.setValueAtTime(0.0001, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.2, context.currentTime + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 0.5);
  for (const [frequency, at] of [[660, 0], [880, 0.15]] as const) {
    const tone = context.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(context.currentTime + at);
    tone.stop(context.currentTime + at + 0.3);
  }
  setTimeout(() => void context.close(), 800);
}
