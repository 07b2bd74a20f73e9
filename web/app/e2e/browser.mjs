// Debian's chromium driven by playwright-core: headless, no sandbox (root in CI). chromium.launch()
// gives the browser a fresh temporary profile of its own, removed when it closes.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.ARDOISE_CHROMIUM ?? "/usr/bin/chromium";

// For the media tests: a fake camera and microphone, granted without asking, and WebRTC over loopback.
// Fake cameras and microphones (three, for the device picker: Chromium's second fake camera sends
// Y16 depth frames that freeze, its third MJPEG ones that work); this tab as the shared screen.
export const MEDIA_ARGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream=device-count=3",
  "--allow-loopback-in-peer-connection",
  "--auto-accept-this-tab-capture",
];

/** `executablePath`: another way to run Debian's chromium (e2e/netns.mjs runs it inside a network namespace). */
export async function startBrowser(extraArgs = [], executablePath = CHROMIUM) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}
