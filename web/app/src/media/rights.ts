import { MediaKind } from "../gen/ardoise/v1/media_pb";
import type { Locks } from "../gen/ardoise/v1/room_pb";

/** What this browser can send. The room checks every offer anyway; this only keeps the UI honest. */
export type LocalKind = "microphone" | "camera" | "screen";

export const LOCAL_KINDS: LocalKind[] = ["microphone", "camera", "screen"];

export const WIRE_KIND: Record<LocalKind, MediaKind> = {
  microphone: MediaKind.MICROPHONE,
  camera: MediaKind.CAMERA,
  screen: MediaKind.SCREEN,
};

/** media/ROUTING.md: teachers send everything; students their microphone or camera when the lock allows; never a screen. */
export function mayPublish(isTeacher: boolean, locks: Locks, kind: LocalKind): boolean {
  if (isTeacher) return true;
  if (kind === "microphone") return locks.studentsMayUseMicrophone;
  if (kind === "camera") return locks.studentsMayUseCamera;
  return false;
}
