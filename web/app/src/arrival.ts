/**
 * What a link may carry after its token, in the fragment: `#<token>&name=<display name>&leave=<URL>`. The
 * BigBlueButton-compatible API's join sends people here so: the LMS already knows their name, and where "leave"
 * should take them back to. The fragment never reaches a server, and is cut back to the token once read.
 */
export interface Arrival {
  token: string;
  name?: string;
  leave?: string;
}

const LEAVE = "ardoise.leave.";

export function readArrival(hash: string): Arrival {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash;
  const cut = raw.indexOf("&");
  if (cut < 0) return { token: decodeURIComponent(raw) };
  const extra = new URLSearchParams(raw.slice(cut + 1));
  const name = extra.get("name")?.trim() || undefined;
  const leave = webPage(extra.get("leave") ?? "");
  return { token: decodeURIComponent(raw.slice(0, cut)), name, leave };
}

/** Kept for the tab's life, so that a reload still leaves to the same place. */
export function rememberLeave(roomId: string, url: string | undefined): void {
  if (url) sessionStorage.setItem(LEAVE + roomId, url);
}

/** Where leaving this class goes, if a link said so. */
export function leaveUrl(roomId: string): string | undefined {
  return webPage(sessionStorage.getItem(LEAVE + roomId) ?? "");
}

/** Only an http or https page: never a javascript: URL someone slipped into a link. */
function webPage(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
