/**
 * The little this client reads in an SDP: for each media section, its mid, its direction and the
 * msid track id. The track id is how the room and the SFU name a track (and how MediaState names it);
 * Chrome keeps the first track's id in a sender's msid even after replaceTrack, and a remote track's
 * own id is not promised to be the msid, so both sides go by the SDP.
 */
export interface Section {
  mid: string;
  kind: string;
  direction: string;
  trackId: string;
}

export function sections(sdp: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith("m=")) {
      current = { mid: "", kind: line.slice(2).split(" ")[0], direction: "sendrecv", trackId: "" };
      // A port of 0 is a section that was stopped: it sends nothing whatever its attributes say.
      if (line.split(" ")[1] === "0") current.direction = "inactive";
      out.push(current);
    } else if (current) {
      if (line.startsWith("a=mid:")) current.mid = line.slice(6).trim();
      else if (line.startsWith("a=msid:")) current.trackId = line.slice(7).trim().split(" ")[1] ?? "";
      else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line) && current.direction !== "inactive") current.direction = line.slice(2);
    }
  }
  return out;
}

/** Sections that carry media from the side that wrote this SDP. */
export function sending(sdp: string): Section[] {
  return sections(sdp).filter((s) => (s.direction === "sendonly" || s.direction === "sendrecv") && s.trackId !== "");
}
