import { Mic, MicOff, Video, VideoOff } from "lucide";
import { h } from "../dom";
import { t } from "../i18n";
import { icon } from "../ui/icon";
import { capture, chooseDevice, chosenDevice, listDevices } from "./devices";

/**
 * Before joining: try the camera and the microphone, see oneself and the microphone's level, pick the
 * devices. Nothing here is sent anywhere; the tracks stop when the person enters the class.
 */
export function devicePreview(): { element: HTMLElement; stop(): void } {
  const video = h("video", { autoplay: true, playsinline: true, muted: true, "aria-hidden": "true", hidden: true });
  video.muted = true;
  const note = h("p", { class: "preview-note" }, t("preview.off"));
  const level = h("span");
  const meter = h("div", { class: "level", role: "meter", "aria-label": t("preview.level"), "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0 }, level);
  const cameraButton = h("button", { type: "button", class: "secondary", id: "preview-camera", "aria-pressed": "false" });
  const micButton = h("button", { type: "button", class: "secondary", id: "preview-microphone", "aria-pressed": "false" });
  const pickers = { camera: h("select", { id: "preview-camera-device" }), microphone: h("select", { id: "preview-microphone-device" }) };
  const devices = h("div", { class: "devices", hidden: true },
    h("label", { for: "preview-camera-device" }, t("device.camera")), pickers.camera,
    h("label", { for: "preview-microphone-device" }, t("device.microphone")), pickers.microphone);
  const element = h("section", { class: "preview-box", "aria-label": t("preview.title") },
    h("div", { class: "preview" }, video, note), meter, h("div", { class: "preview-buttons" }, cameraButton, micButton), devices);
  const tracks: { camera?: MediaStreamTrack; microphone?: MediaStreamTrack } = {};
  let audio: { context: AudioContext; frame: number } | undefined;

  function label(): void {
    cameraButton.replaceChildren(icon(tracks.camera ? Video : VideoOff), tracks.camera ? t("preview.cameraOn") : t("preview.tryCamera"));
    micButton.replaceChildren(icon(tracks.microphone ? Mic : MicOff), tracks.microphone ? t("preview.micOn") : t("preview.tryMic"));
    cameraButton.setAttribute("aria-pressed", String(tracks.camera !== undefined));
    micButton.setAttribute("aria-pressed", String(tracks.microphone !== undefined));
    video.hidden = tracks.camera === undefined;
    note.hidden = tracks.camera !== undefined;
  }

  async function fillPickers(): Promise<void> {
    const found = await listDevices();
    for (const kind of ["camera", "microphone"] as const) {
      pickers[kind].replaceChildren(...found[kind].map((d) => h("option", { value: d.id }, d.label)));
      const live = tracks[kind]?.getSettings().deviceId ?? chosenDevice(kind);
      if (found[kind].some((d) => d.id === live)) pickers[kind].value = live;
    }
    devices.hidden = found.camera.length + found.microphone.length === 0;
  }

  function stopKind(kind: "camera" | "microphone"): void {
    tracks[kind]?.stop();
    tracks[kind] = undefined;
    if (kind === "camera") video.srcObject = null;
    if (kind === "microphone" && audio) {
      cancelAnimationFrame(audio.frame);
      void audio.context.close();
      audio = undefined;
      level.style.width = "0";
    }
  }

  async function start(kind: "camera" | "microphone"): Promise<void> {
    stopKind(kind);
    try {
      const track = await capture(kind);
      tracks[kind] = track;
      if (kind === "camera") video.srcObject = new MediaStream([track]);
      else listen(track);
    } catch {
      note.textContent = t("preview.denied");
    }
    label();
    void fillPickers();
  }

  /** The level bar: the loudest sample of each frame, as a share of full scale. */
  function listen(track: MediaStreamTrack): void {
    if (typeof AudioContext === "undefined") return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      const percent = Math.min(100, Math.round(peak * 140));
      level.style.width = `${percent}%`;
      meter.setAttribute("aria-valuenow", String(percent));
      audio!.frame = requestAnimationFrame(tick);
    };
    audio = { context, frame: requestAnimationFrame(tick) };
  }

  cameraButton.addEventListener("click", () => (tracks.camera ? (stopKind("camera"), label()) : void start("camera")));
  micButton.addEventListener("click", () => (tracks.microphone ? (stopKind("microphone"), label()) : void start("microphone")));
  for (const kind of ["camera", "microphone"] as const) {
    pickers[kind].addEventListener("change", () => {
      chooseDevice(kind, pickers[kind].value);
      if (tracks[kind]) void start(kind);
    });
  }
  label();
  void fillPickers();
  return { element, stop: () => (stopKind("camera"), stopKind("microphone")) };
}
