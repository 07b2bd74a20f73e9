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
 * `serverOptions` go to startServer (e.g. `{ auth: "dev" }`); without any, under e2e/run.mjs, the file uses the
 * run's shared node (ARDOISE_E2E_SHARED_NODE) and leaves it running.
 */
export function useServerAndBrowser(ready = async () => {}, serverOptions = {}) {
  const stage = { server: undefined, browser: undefined };
  const shared = Object.keys(serverOptions).length === 0 ? process.env.ARDOISE_E2E_SHARED_NODE : undefined;
  const node = () => (shared ? { url: shared, async stop() {} } : startServer(serverOptions));
  before(async () => {
    // Whatever started is kept for `after` to stop, even when the other failed: a browser left open would keep
    // the file's process alive for ever.
    const [server, browser] = await Promise.allSettled([node(), startBrowser()]);
    [stage.server, stage.browser] = [server.value, browser.value];
    const failed = [server, browser].find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
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
 * extra Chromium arguments (e.g. a WAV file as the fake microphone). `sfus`: how many SFUs the node has in its pool
 * (ARDOISE_SFU_TARGETS), each logging in a directory of its own; `env`: more of the node's environment. The
 * returned object holds `server`, `browser`, `sfu` (the first SFU) and `sfus` (all of them) once started.
 */
export function useMediaStage(prepare = () => [], prefix = "ardoise-sfu-", { sfus = 1, env = {} } = {}) {
  const stage = { server: undefined, browser: undefined, sfu: undefined, sfus: [], dir: undefined };
  before(async () => {
    stage.dir = mkdtempSync(joinPath(tmpdir(), prefix));
    const args = await prepare(stage.dir);
    const logDirs = Array.from({ length: sfus }, (_, i) => (i === 0 ? stage.dir : mkdtempSync(joinPath(stage.dir, `sfu-${i}-`))));
    const [browser, ...started] = await Promise.allSettled([startBrowser([...MEDIA_ARGS, ...args]), ...logDirs.map((dir) => startSfu(dir))]);
    stage.browser = browser.value;
    stage.sfus = started.filter((outcome) => outcome.status === "fulfilled").map((outcome) => outcome.value);
    const failed = [browser, ...started].find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
    stage.sfu = stage.sfus[0];
    const pool = sfus > 1 ? { ARDOISE_SFU_TARGETS: stage.sfus.map((s) => s.target).join(",") } : {};
    stage.server = await startServer({ sfu: stage.sfu, env: { ...pool, ...env } });
  });
  after(async () => {
    await stage.browser?.close();
    await stage.server?.stop();
    await Promise.all(stage.sfus.map((sfu) => sfu.stop()));
    if (stage.dir) rmSync(stage.dir, { recursive: true, force: true });
  });
  return stage;
}
