// Prints the two numbers of issue 4: the median time from opening a student link to the board being
// visible (10 runs, each a fresh browser context: no cache, no stored name), and the bundle's gzip size.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startBrowser } from "./browser.mjs";
import { enter } from "./helpers.mjs";
import { REPO, createRoom, startServer } from "./server.mjs";

const RUNS = 10;
const DIST = join(REPO, "web/target/classes/ardoise/web");

function files(dir) {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

const bundle = files(DIST).map((file) => ({ file: file.slice(DIST.length + 1), raw: statSync(file).size, gzip: gzipSync(readFileSync(file), { level: 9 }).length }));
const [server, browser] = await Promise.all([startServer(), startBrowser()]);
try {
  const room = await createRoom(server.url, "Mesure");
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const start = performance.now();
    await enter(page, room.student.url, `Élève ${run}`);
    await page.waitForFunction(() => window.__ardoise?.boardVisible === true, null, { polling: "raf" });
    times.push(performance.now() - start);
    await context.close();
  }
  times.sort((a, b) => a - b);
  const median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
  console.log(`link to board visible, ${RUNS} runs: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[RUNS - 1].toFixed(0)})`);
  for (const entry of bundle) console.log(`  ${entry.file}: ${entry.raw} B, gzip ${entry.gzip} B`);
  console.log(`bundle: ${bundle.reduce((s, e) => s + e.raw, 0)} B, gzip ${bundle.reduce((s, e) => s + e.gzip, 0)} B (${(bundle.reduce((s, e) => s + e.gzip, 0) / 1024).toFixed(1)} KiB)`);
} finally {
  await browser.close();
  await server.stop();
}
