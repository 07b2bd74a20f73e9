/**
 * Who this tab is in a class, kept in sessionStorage so a reload comes back as the same participant
 * (same name, same hand, no second "joined"), while another tab or a closed one starts afresh.
 */
export interface Identity {
  participantId: string;
  resumeToken: string;
  name: string;
  /** The link's join token: another link opened in this tab (say the teacher's) joins afresh. */
  token: string;
}

const key = (roomId: string) => `ardoise.identity.${roomId}`;

export function loadIdentity(roomId: string, token: string): Identity | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key(roomId)) ?? "null") as Identity | null;
    return stored?.participantId && stored.resumeToken && stored.token === token ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function saveIdentity(roomId: string, identity: Identity): void {
  sessionStorage.setItem(key(roomId), JSON.stringify(identity));
}

export function forgetIdentity(roomId: string): void {
  sessionStorage.removeItem(key(roomId));
}
