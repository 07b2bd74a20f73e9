import { MediaTarget } from "../gen/ardoise/v1/media_pb";

/**
 * One RTCPeerConnection with the SFU. Every operation on it runs in order through one chain: a
 * candidate that arrives while its description is still being applied waits behind it, and one
 * that arrives before any remote description is held until there is one.
 */
export class Peer {
  readonly pc: RTCPeerConnection;
  private chain: Promise<unknown> = Promise.resolve();
  private early: RTCIceCandidateInit[] = [];
  private closed = false;

  /**
   * `iceServers`: the SFU's TURN server with this participant's short-lived credential, when the server runs
   * TURN, for networks that block UDP; otherwise none, and the SFU's own candidates suffice. Never STUN: the SFU
   * has a public address, and learns the browser's from its checks.
   */
  constructor(readonly target: MediaTarget, iceServers: RTCIceServer[], sendCandidate: (target: MediaTarget, init: string) => void) {
    this.pc = new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle" });
    this.pc.onicecandidate = (event) => {
      // The end of candidates (null or empty) means nothing to the SFU: it ignores it.
      if (!this.closed && event.candidate && event.candidate.candidate) sendCandidate(target, JSON.stringify(event.candidate.toJSON()));
    };
  }

  /**
   * Fresh TURN credentials before the old ones expire: the connection keeps its transport, and uses them for
   * its next allocation refresh or ICE restart. The rest of its configuration must stay as it was (a changed
   * bundle policy throws).
   */
  renewIceServers(iceServers: RTCIceServer[]): void {
    if (!this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /** Runs `op` after every operation queued before it; a failure is reported and does not stop the chain. */
  run<T>(op: () => Promise<T>): Promise<T | undefined> {
    const next = this.chain.then(async () => (this.closed ? undefined : op()));
    this.chain = next.catch((error) => console.warn("media:", error));
    return next.catch((error) => {
      console.warn("media:", error);
      return undefined;
    });
  }

  async setRemote(description: RTCSessionDescriptionInit): Promise<void> {
    await this.pc.setRemoteDescription(description);
    const held = this.early;
    this.early = [];
    for (const init of held) await this.addCandidate(init);
  }

  candidate(json: string): void {
    let init: RTCIceCandidateInit;
    try {
      init = JSON.parse(json) as RTCIceCandidateInit;
    } catch {
      return;
    }
    void this.run(async () => {
      if (this.pc.remoteDescription) await this.addCandidate(init);
      else this.early.push(init);
    });
  }

  close(): void {
    this.closed = true;
    this.early = [];
    this.pc.close();
  }

  private async addCandidate(init: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(init);
    } catch (error) {
      // One bad candidate (say for a section since stopped) must not stop the others.
      console.warn("media: candidate refused", error);
    }
  }
}
