import type { LocalKind } from "./rights";

/** Chosen devices, by kind; empty for the browser's default. The browser remembers them for the next class. */
const stored = (kind: string) => `ardoise.device.${kind}`;
const chosen: Record<"microphone" | "camera", string> = {
  microphone: localStorage.getItem(stored("microphone")) ?? "",
  camera: localStorage.getItem(stored("camera")) ?? "",
};

export function chosenDevice(kind: "microphone" | "camera"): string {
  return chosen[kind];
}

export function chooseDevice(kind: "microphone" | "camera", deviceId: string): void {
  chosen[kind] = deviceId;
  localStorage.setItem(stored(kind), deviceId);
}

/**
 * One new track of `kind`. 540p at most for a camera, sent in three layers (layers.ts): the full size
 * only reaches those who show it large, a strip of thirty faces gets the quarter size; and Chromium
 * sends three layers only from 540p up (two at 360p). The chosen device is asked for exactly; one that was unplugged
 * since it was remembered gives way to the browser's default rather than to no device at all.
 */
export async function capture(kind: LocalKind): Promise<MediaStreamTrack> {
  if (kind === "screen") {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 15 } }, audio: false });
    return stream.getVideoTracks()[0];
  }
  const device = chosen[kind];
  try {
    return await open(kind, device);
  } catch (error) {
    const gone = error instanceof DOMException && (error.name === "OverconstrainedError" || error.name === "NotFoundError");
    if (!device || !gone) throw error;
    return open(kind, "");
  }
}

async function open(kind: "microphone" | "camera", device: string): Promise<MediaStreamTrack> {
  const deviceId = device ? { exact: device } : undefined;
  if (kind === "microphone") {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { deviceId, echoCancellation: true, noiseSuppression: true } });
    return stream.getAudioTracks()[0];
  }
  const stream = await navigator.mediaDevices.getUserMedia({ video: { deviceId, width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { max: 30 } } });
  return stream.getVideoTracks()[0];
}

export interface Device {
  id: string;
  label: string;
}

/** Cameras and microphones; labels are empty until the page has been allowed one of them once. */
export async function listDevices(): Promise<{ microphone: Device[]; camera: Device[] }> {
  const all = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  const pick = (kind: MediaDeviceKind) =>
    all.filter((d) => d.kind === kind && d.deviceId !== "" && d.deviceId !== "default" && d.deviceId !== "communications")
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${i + 1}` }));
  return { microphone: pick("audioinput"), camera: pick("videoinput") };
}

/** Whether this browser can capture at all (not over plain http on another host, for one). */
export function canCapture(kind: LocalKind): boolean {
  const devices = navigator.mediaDevices;
  if (!devices) return false;
  return kind === "screen" ? typeof devices.getDisplayMedia === "function" : typeof devices.getUserMedia === "function";
}
