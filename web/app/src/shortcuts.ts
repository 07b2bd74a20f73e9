/**
 * The classroom's keyboard shortcuts, Ctrl+Shift+letter as in the meeting tools teachers know
 * (Teams: Ctrl+Shift+M for the microphone), avoiding the letters the browsers keep for themselves (C, D, I, J, N, P, R, T, W). Each one clicks its control, so a shortcut can do nothing
 * the control could not: a disabled or hidden control ignores it.
 */
export const SHORTCUTS = {
  microphone: "Ctrl+Shift+M",
  camera: "Ctrl+Shift+O",
  screen: "Ctrl+Shift+E",
  hand: "Ctrl+Shift+K",
  reactions: "Ctrl+Shift+Y",
  participants: "Ctrl+Shift+L",
  chat: "Ctrl+Shift+F",
  view: "Ctrl+Shift+X",
  settings: "Ctrl+Shift+S",
  leave: "Ctrl+Shift+H",
} as const;

export function bindShortcuts(targets: Partial<Record<keyof typeof SHORTCUTS, HTMLButtonElement>>): void {
  const byKey = new Map<string, HTMLButtonElement>();
  for (const [name, button] of Object.entries(targets)) {
    if (button) byKey.set(SHORTCUTS[name as keyof typeof SHORTCUTS].slice(-1).toLowerCase(), button);
  }
  addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey) return;
    const button = byKey.get(event.key.toLowerCase());
    // A button no longer on the page belongs to a room this page has left (for a breakout group, say).
    if (!button || !button.isConnected || button.disabled || button.closest("[hidden]") !== null || button.hidden) return;
    event.preventDefault();
    button.click();
    button.focus();
  });
}
