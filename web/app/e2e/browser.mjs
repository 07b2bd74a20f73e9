// Debian's chromium driven by playwright-core: headless, no sandbox (root in CI). chromium.launch()
// gives the browser a fresh temporary profile of its own, removed when it closes.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.ARDOISE_CHROMIUM ?? "/usr/bin/chromium";

// For the media tests: a fake camera and microphone, granted without asking, and WebRTC over loopback.
export const MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection"];

export async function startBrowser(extraArgs = []) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
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
