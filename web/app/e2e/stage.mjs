// One node and one Chromium for a whole test file, started before its first test and stopped after its last.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { after, before } from "node:test";
import { MEDIA_ARGS, startBrowser } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { startSfu } from "./sfu.mjs";

/**
 * Registers the file's before/after hooks; the returned object holds `server` and `browser` once
 * started. `ready` runs after both, in the same hook: Node runs top-level hooks as they are declared,
 * without waiting for an earlier one, so a second `before` could not count on the node being up.
 * `serverOptions` go to startServer (e.g. `{ auth: "dev" }`).
 */
export function useServerAndBrowser(ready = async () => {}, serverOptions = {}) {
  const stage = { server: undefined, browser: undefined };
  before(async () => {
    [stage.server, stage.browser] = await Promise.all([startServer(serverOptions), startBrowser()]);
    await ready(stage);
  });
  after(async () => {
    await stage.browser?.close();
    await stage.server?.stop();
  });
  return stage;
}

/**
 * The same with media: a real SFU (media/sfu) the node drives, and a Chromium with fake devices, for a whole test
 * file. `prepare(dir)` runs first in the file's temporary directory (where the SFU keeps its files) and answers
 * extra Chromium arguments (e.g. a WAV file as the fake microphone). The returned object holds `server`, `browser`
 * and `sfu` once started.
 */
export function useMediaStage(prepare = () => [], prefix = "ardoise-sfu-") {
  const stage = { server: undefined, browser: undefined, sfu: undefined, dir: undefined };
  before(async () => {
    stage.dir = mkdtempSync(joinPath(tmpdir(), prefix));
    const args = await prepare(stage.dir);
    [stage.sfu, stage.browser] = await Promise.all([startSfu(stage.dir), startBrowser([...MEDIA_ARGS, ...args])]);
    stage.server = await startServer({ sfu: stage.sfu });
  });
  after(async () => {
    await stage.browser?.close();
    await stage.server?.stop();
    await stage.sfu?.stop();
    if (stage.dir) rmSync(stage.dir, { recursive: true, force: true });
  });
  return stage;
}
