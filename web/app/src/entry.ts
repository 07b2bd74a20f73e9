import type { Screen } from "./screens";

export interface Entry {
  title: string;
  role: "teacher" | "student";
  full: boolean;
  /** The teachers' voices are being recorded: a newcomer is told before joining. */
  recording: boolean;
}

const REFUSALS: Record<string, Screen> = {
  invalid_link: "invalid-link",
  expired_link: "expired-link",
  wrong_class: "wrong-class",
  unknown_class: "unknown-class",
  // A link the teacher has replaced: to whoever holds it, it no longer works.
  link_revoked: "revoked-link",
};

/**
 * Asks the node whether this link opens this class, before any WebSocket: a refused upgrade's status
 * never reaches a page's script, so without this a broken link would look like a slow network.
 * `undefined` when the node could not answer: the WebSocket then tries, as it would have.
 */
export async function checkEntry(roomId: string, token: string): Promise<Entry | Screen | undefined> {
  try {
    const response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}/entry`, { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
    const body = (await response.json()) as Partial<Entry> & { error?: string };
    if (response.ok) return { title: body.title ?? "", role: body.role === "teacher" ? "teacher" : "student", full: body.full === true, recording: body.recording === true };
    return REFUSALS[body.error ?? ""] ?? (response.status === 404 ? "unknown-class" : response.status === 401 ? "invalid-link" : undefined);
  } catch {
    return undefined;
  }
}
