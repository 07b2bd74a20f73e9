import type { Body } from "../connection";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { MediaSignalSchema, MediaStatus_State, MediaTarget, type MediaSignal, type MediaStatus } from "../gen/ardoise/v1/media_pb";
import type { Error as WireError } from "../gen/ardoise/v1/wire_pb";
import { capture, chooseDevice } from "./devices";
import { CAMERA_LAYERS, qualityFor, type VideoQuality } from "./layers";
import { Peer } from "./peer";
import { WIRE_KIND, type LocalKind } from "./rights";
import { sending } from "./sdp";

/**
 * Where this browser's media stands: `off` before the class link is up, `joining` until the server
 * answers, `joined` while the SFU has us, `unavailable` while it cannot be reached (the server keeps
 * trying), `closed` when media is off on this server.
 */
export type Phase = "off" | "joining" | "joined" | "unavailable" | "closed";
export type MediaChange = "phase" | "local" | "remote";

/** A track the SFU sends us, under the id its publisher gave it (the id MediaState uses). */
export interface Received {
  trackId: string;
  track: MediaStreamTrack;
  receiver: RTCRtpReceiver;
}

export interface Refusal {
  kind?: LocalKind;
  /** The room's words (Error.message), or a capture failure's. */
  message: string;
}

/** The data channel the SFU opens on the subscriber connection to hear how large each video is shown. */
const LAYER_CHANNEL = "ion-sfu";

const media = (body: MessageInitShape<typeof MediaSignalSchema>["body"]): Body => ({ case: "media", value: create(MediaSignalSchema, { body }) });

/**
 * This participant's two peer connections with the SFU (media/sfu/README.md), driven by the media
 * signals the room relays: the publisher one, on which this browser offers what it sends, and the
 * subscriber one, on which it answers the SFU's offers. The room decides what may be sent and what is
 * received; this class only follows, and keeps the capture going across SFU restarts and dropped links.
 */
export class MediaSession {
  phase: Phase = "off";
  detail = "";
  /** What this browser captures and sends (or will send once the SFU has it), by kind. */
  readonly local = new Map<LocalKind, MediaStreamTrack>();
  received = new Map<string, Received>();
  /** The room's refusals of our offers, newest last (the tests read them). */
  readonly refusals: string[] = [];
  private publisher: Peer | undefined;
  private subscriber: Peer | undefined;
  private transceivers = new Map<LocalKind, RTCRtpTransceiver>();
  // Transceivers of refused offers: the SFU never saw them, so they may carry the next track of their kind
  // (a camera's has its layers, which a screen share's must not have).
  private spare: { kind: LocalKind; transceiver: RTCRtpTransceiver }[] = [];
  // The layer each received video needs (by track id), told to the SFU over its data channel.
  private wishes = new Map<string, VideoQuality>();
  private layerChannel: RTCDataChannel | undefined;
  // One msid stream for everything this participant sends.
  private stream: MediaStream | undefined;
  // The publisher offer awaiting its answer (seq -1 while it is being made); one at a time.
  private offer: { seq: bigint; added: LocalKind[] } | undefined;
  // Something changed since the last offer: offer again once the current one is answered.
  private dirty = false;
  private capturing = new Set<LocalKind>();
  private muted: Record<LocalKind, boolean> = { microphone: false, camera: false, screen: false };
  // Frames we sent, so that an Error answering one of them is ours to handle.
  private seqs: bigint[] = [];
  private listeners: ((change: MediaChange) => void)[] = [];

  constructor(
    private readonly send: (body: Body) => bigint | undefined,
    /** Whether the room lets this participant send `kind` now. */
    private readonly allowed: (kind: LocalKind) => boolean,
    private readonly refused: (refusal: Refusal) => void,
  ) {}

  onChange(listener: (change: MediaChange) => void): void {
    this.listeners.push(listener);
  }

  /**
   * On every (re)connection of the class link: a new link is a new server session whose SFU stream
   * knows nothing of our old peer connections, so they go and we join afresh. The capture stays.
   */
  start(): void {
    this.teardown();
    this.setPhase("joining");
    if (this.signal(media({ case: "join", value: {} })) === undefined) this.setPhase("off");
  }

  /** A MediaSignal from the server. */
  handle(signal: MediaSignal): void {
    const body = signal.body;
    if (body.case === "status") this.status(body.value);
    else if (body.case === "description") {
      const d = body.value;
      if (d.target === MediaTarget.PUBLISHER && d.type === "answer") this.answered(d.sdp);
      else if (d.target === MediaTarget.SUBSCRIBER && d.type === "offer") this.subscriberOffer(d.sdp);
    } else if (body.case === "candidate") {
      (body.value.target === MediaTarget.SUBSCRIBER ? this.subscriber : this.publisher)?.candidate(body.value.init);
    }
  }

  /** An Error from the server: true when it answers one of our media frames (and was dealt with here). */
  error(error: WireError): boolean {
    if (this.offer && error.clientSeq === this.offer.seq) {
      this.offerRefused(error.message || error.code);
      return true;
    }
    // The SFU's complaints (seq 0, "media: …") and refusals of answers or candidates: nothing a person can act on.
    if (this.seqs.includes(error.clientSeq) || (error.clientSeq === 0n && error.message.startsWith("media:"))) {
      console.warn("media:", error.code, error.message);
      return true;
    }
    return false;
  }

  /** Starts capturing `kind` and sends it. `force`: even if the room will refuse (a test's modified client). */
  async turnOn(kind: LocalKind, force = false): Promise<void> {
    if (this.local.has(kind) || this.capturing.has(kind)) return;
    if (!force && (!this.allowed(kind) || this.phase === "closed")) return;
    this.capturing.add(kind);
    const track = await this.captureOrSay(kind).finally(() => {
      this.capturing.delete(kind);
      this.emit("local");
    });
    if (!track) return;
    // The teacher may have turned the lock off while the browser was asking.
    if (!force && !this.allowed(kind)) {
      track.stop();
      return;
    }
    track.enabled = !this.muted[kind];
    // A screen share stopped with the browser's own button ends its track.
    track.addEventListener("ended", () => {
      if (this.local.get(kind) === track) this.turnOff(kind);
    });
    this.local.set(kind, track);
    this.emit("local");
    this.negotiate();
  }

  turnOff(kind: LocalKind): void {
    const track = this.local.get(kind);
    if (!track) return;
    track.stop();
    this.local.delete(kind);
    this.emit("local");
    this.negotiate();
  }

  isCapturing(kind: LocalKind): boolean {
    return this.capturing.has(kind);
  }

  /** Stops whatever the room no longer allows (a lock turned off, a teacher made student). */
  enforce(): void {
    for (const kind of [...this.local.keys()]) if (!this.allowed(kind)) this.turnOff(kind);
  }

  /** A teacher's mute (or our own): the track stays negotiated but sends silence or black. */
  setMuted(kind: LocalKind, muted: boolean): void {
    this.muted[kind] = muted;
    const track = this.local.get(kind);
    if (track) track.enabled = !muted;
  }

  /** A new track of `kind`, or undefined once the refusal was shown. */
  private async captureOrSay(kind: LocalKind): Promise<MediaStreamTrack | undefined> {
    try {
      return await capture(kind);
    } catch (error) {
      // Refused by the person or the browser, or no such device: say so rather than fail silently.
      this.refused({ kind, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }

  /** Another camera or microphone: replaced in place, no renegotiation (the track keeps its published id). */
  async switchDevice(kind: "microphone" | "camera", deviceId: string): Promise<void> {
    chooseDevice(kind, deviceId);
    const old = this.local.get(kind);
    if (!old) return;
    const track = await this.captureOrSay(kind);
    if (!track) return;
    if (this.local.get(kind) !== old) {
      track.stop();
      return;
    }
    track.enabled = !this.muted[kind];
    await this.transceivers.get(kind)?.sender.replaceTrack(track);
    old.stop();
    this.local.set(kind, track);
    this.emit("local");
  }

  /** A received video is shown `height` device pixels high (0: not shown); the SFU sends the layer that fits. */
  showVideo(trackId: string, height: number): void {
    const quality = qualityFor(height);
    if (this.wishes.get(trackId) === quality) return;
    this.wishes.set(trackId, quality);
    this.tellLayer(trackId, quality);
  }

  private tellLayer(trackId: string, video: VideoQuality): void {
    if (this.layerChannel?.readyState === "open") this.layerChannel.send(JSON.stringify({ trackId, video }));
  }

  /** inbound-rtp statistics of the subscriber connection (the tests read them). */
  async inboundStats(): Promise<RTCStatsReport | undefined> {
    return this.subscriber?.pc.getStats();
  }

  /** The TURN username each connection holds now, publisher's first (the TURN renewal test reads them). */
  iceUsernames(): string[] {
    return [this.publisher, this.subscriber].flatMap((peer) => (peer?.pc.getConfiguration().iceServers ?? []).map((server) => server.username ?? ""));
  }

  /** The selected ICE route of each connection (the TURN test checks that media went through the relay). */
  async transportStats(): Promise<{ publisher?: RTCStatsReport; subscriber?: RTCStatsReport }> {
    return { publisher: await this.publisher?.pc.getStats(), subscriber: await this.subscriber?.pc.getStats() };
  }

  private status({ state, detail, iceServers }: MediaStatus): void {
    const servers: RTCIceServer[] = iceServers.map(({ urls, username, credential }) => ({ urls, username, credential }));
    this.detail = detail;
    switch (state) {
      case MediaStatus_State.JOINED:
      case MediaStatus_State.REJOINED:
        // REJOINED: the SFU restarted and forgot us; new connections, and we offer again what we capture.
        this.teardown();
        this.connect(servers);
        this.setPhase("joined");
        if (this.local.size > 0) this.negotiate();
        break;
      case MediaStatus_State.RENEWED:
        // The TURN credentials we hold are about to expire: the same connections, with fresh ones.
        this.publisher?.renewIceServers(servers);
        this.subscriber?.renewIceServers(servers);
        break;
      case MediaStatus_State.UNAVAILABLE:
        this.teardown();
        this.setPhase("unavailable");
        break;
      case MediaStatus_State.CLOSED:
        this.teardown();
        for (const track of this.local.values()) track.stop();
        this.local.clear();
        this.emit("local");
        this.setPhase("closed");
        break;
      default:
        break;
    }
  }

  private connect(iceServers: RTCIceServer[]): void {
    const candidate = (target: MediaTarget, init: string) => this.signal(media({ case: "candidate", value: { target, init } }));
    this.publisher = new Peer(MediaTarget.PUBLISHER, iceServers, candidate);
    this.subscriber = new Peer(MediaTarget.SUBSCRIBER, iceServers, candidate);
    this.subscriber.pc.ontrack = () => this.refreshReceived();
    this.subscriber.pc.ondatachannel = ({ channel }) => {
      if (channel.label !== LAYER_CHANNEL) return;
      this.layerChannel = channel;
      // A new SFU connection knows nothing of our tiles yet.
      channel.onopen = () => this.wishes.forEach((video, trackId) => this.tellLayer(trackId, video));
      channel.onmessage = ({ data }) => console.warn("media: the SFU refused a layer wish:", data);
    };
    this.stream = new MediaStream();
  }

  private teardown(): void {
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = undefined;
    this.subscriber = undefined;
    this.layerChannel = undefined;
    this.transceivers.clear();
    this.spare = [];
    this.offer = undefined;
    this.dirty = false;
    if (this.received.size > 0) {
      this.received = new Map();
      this.emit("remote");
    }
  }

  /** Makes the publisher connection send what `local` holds: one offer at a time, the last change wins. */
  private negotiate(): void {
    this.dirty = true;
    const peer = this.publisher;
    if (this.phase !== "joined" || !peer || this.offer) return;
    this.dirty = false;
    this.offer = { seq: -1n, added: [] };
    void peer.run(async () => {
      const pc = peer.pc;
      const added: LocalKind[] = [];
      for (const [kind, track] of this.local) {
        if (this.transceivers.has(kind)) continue;
        const spare = this.spare.findIndex((s) => s.kind === kind);
        let transceiver: RTCRtpTransceiver;
        if (spare >= 0) {
          [{ transceiver }] = this.spare.splice(spare, 1);
          await transceiver.sender.replaceTrack(track);
          transceiver.direction = "sendonly";
        } else {
          const sendEncodings = kind === "camera" ? CAMERA_LAYERS : undefined;
          transceiver = pc.addTransceiver(track, { direction: "sendonly", streams: [this.stream!], sendEncodings });
        }
        this.transceivers.set(kind, transceiver);
        added.push(kind);
      }
      for (const [kind, transceiver] of this.transceivers) {
        if (this.local.has(kind)) continue;
        transceiver.stop();
        this.transceivers.delete(kind);
      }
      // Nothing sent yet and nothing to send: no offer at all.
      if (pc.getTransceivers().length === 0) return this.offered();
      await pc.setLocalDescription(await pc.createOffer());
      const sdp = pc.localDescription!.sdp;
      const ids = new Map(sending(sdp).map((s) => [s.mid, s.trackId]));
      const tracks = [...this.transceivers].flatMap(([kind, t]) => {
        const id = t.mid === null ? undefined : ids.get(t.mid);
        return id ? [{ id, kind: WIRE_KIND[kind] }] : [];
      });
      const seq = this.signal(media({ case: "description", value: { target: MediaTarget.PUBLISHER, type: "offer", sdp, tracks } }));
      // No link: start() builds everything again when it is back.
      if (seq === undefined) return this.offered();
      this.offer = { seq, added };
    }).then((done) => {
      // A failure while making the offer must not leave us waiting for an answer forever.
      if (done === undefined && this.offer?.seq === -1n) this.offered();
    });
  }

  private offered(): void {
    this.offer = undefined;
    if (this.dirty) this.negotiate();
  }

  private answered(sdp: string): void {
    const peer = this.publisher;
    if (!peer || !this.offer) return;
    void peer.run(async () => {
      try {
        await peer.setRemote({ type: "answer", sdp });
      } finally {
        this.offered();
      }
    });
  }

  /** The room refused the offer (not allowed now): what it added goes, and the person is told why. */
  private offerRefused(message: string): void {
    const peer = this.publisher;
    const added = this.offer?.added ?? [];
    if (!peer) return;
    void peer.run(async () => {
      try {
        if (peer.pc.signalingState === "have-local-offer") await peer.pc.setLocalDescription({ type: "rollback" });
        for (const kind of added) {
          // Not stopped: Chrome then fails every later offer ("Transceiver type does not match media
          // description type"). Idle instead, and used again for the next track of its media type.
          const transceiver = this.transceivers.get(kind);
          if (transceiver) {
            transceiver.direction = "inactive";
            await transceiver.sender.replaceTrack(null);
            this.spare.push({ kind, transceiver });
          }
          this.transceivers.delete(kind);
          this.local.get(kind)?.stop();
          this.local.delete(kind);
        }
        this.emit("local");
        this.refusals.push(message);
        this.refused({ kind: added[0], message });
      } finally {
        this.offered();
      }
    });
  }

  private subscriberOffer(sdp: string): void {
    const peer = this.subscriber;
    if (!peer) return;
    void peer.run(async () => {
      await peer.setRemote({ type: "offer", sdp });
      await peer.pc.setLocalDescription(await peer.pc.createAnswer());
      this.signal(media({ case: "description", value: { target: MediaTarget.SUBSCRIBER, type: "answer", sdp: peer.pc.localDescription!.sdp } }));
      this.refreshReceived();
    });
  }

  /** The tracks the SFU sends now, named by the msid of its last offer (mid to track id). */
  private refreshReceived(): void {
    const pc = this.subscriber?.pc;
    const next = new Map<string, Received>();
    if (pc?.remoteDescription) {
      const ids = new Map(sending(pc.remoteDescription.sdp).map((s) => [s.mid, s.trackId]));
      for (const transceiver of pc.getTransceivers()) {
        const id = transceiver.mid === null ? undefined : ids.get(transceiver.mid);
        if (id && transceiver.currentDirection !== "stopped") next.set(id, { trackId: id, track: transceiver.receiver.track, receiver: transceiver.receiver });
      }
    }
    for (const trackId of this.wishes.keys()) if (!next.has(trackId)) this.wishes.delete(trackId);
    const same = next.size === this.received.size && [...next].every(([id, r]) => this.received.get(id)?.track === r.track);
    this.received = next;
    if (!same) this.emit("remote");
  }

  private signal(body: Body): bigint | undefined {
    const seq = this.send(body);
    if (seq !== undefined) this.seqs = [...this.seqs.slice(-63), seq];
    return seq;
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.emit("phase");
  }

  private emit(change: MediaChange): void {
    this.listeners.forEach((listener) => listener(change));
  }
}
