/**
 * Simulcast: a camera sends three layers, a quarter, half and the full size of its picture, and the
 * SFU forwards each subscriber the one its tile needs, lower when the subscriber's link is short
 * (media/sfu/README.md, "Simulcast"). Screen shares and microphones are sent whole.
 */
export const CAMERA_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: "q", scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: "h", scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: "f", scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

/** ion-sfu's names of the layers; "none" for a video nobody sees. */
export type VideoQuality = "high" | "medium" | "low" | "none";

/**
 * The layer a tile `height` device pixels high needs. Cameras capture 540 lines at most (devices.ts),
 * so the layers are 135, 270 and 540 high; a tile a little larger than a layer still takes it.
 */
export function qualityFor(height: number): VideoQuality {
  if (height <= 0) return "none";
  if (height <= 160) return "low";
  if (height <= 320) return "medium";
  return "high";
}
