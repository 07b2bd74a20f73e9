// One node and one Chromium for a whole test file, started before its first test and stopped after its last.
import { after, before } from "node:test";
import { startBrowser } from "./browser.mjs";
import { startServer } from "./server.mjs";

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
