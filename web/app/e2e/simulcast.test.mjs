// Simulcast end to end: the teacher's camera goes up in three layers and the SFU sends each student
// the one its tile needs. The real SFU, one server, one Chromium with fake devices.
import assert from "node:assert/strict";
import { test } from "node:test";
import { join, screenshot } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useMediaStage } from "./stage.mjs";

const stage = useMediaStage();

/** Polls `probe` (async, truthy when done) until it holds; the failure names `what` and the last value seen. */
async function until(probe, timeout, what) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const joined = (page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 20_000 });

/** The inbound-rtp of `owner`'s camera as `page` receives it (undefined before it arrives). */
async function camera(page, owner) {
  const all = await page.evaluate(() => window.__ardoise.media.inbound());
  return all.find((s) => s.kind === "video" && s.owner === owner);
}

/** Received bits per second and decoded frames per second of `owner`'s camera over `ms`, and the frame size. */
async function rate(page, owner, ms = 3000) {
  const a = await camera(page, owner);
  await new Promise((r) => setTimeout(r, ms));
  const b = await camera(page, owner);
  return {
    bps: ((b.bytesReceived - a.bytesReceived) * 8 * 1000) / ms,
    fps: ((b.framesDecoded - a.framesDecoded) * 1000) / ms,
    width: b.frameWidth,
    height: b.frameHeight,
  };
}

test("a student with a small tile receives the low layer of the teacher's camera, one in the presenter view the full one", async () => {
  const started = Date.now();
  const room = await createRoom(stage.server.url, "Simulcast 4B");
  const contexts = await Promise.all([1280, 360, 1280].map((width) =>
    stage.browser.newContext({ locale: "fr-FR", viewport: width === 360 ? { width: 360, height: 740 } : { width: 1280, height: 800 } })));
  const [teacher, small, large] = await Promise.all([
    join(contexts[0], room.teacher.url, "Mme Curie"),
    join(contexts[1], room.student.url, "Ada"),
    join(contexts[2], room.student.url, "Blaise"),
  ]);
  await Promise.all([teacher, small, large].map(joined));
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
  console.log(`# joined: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await teacher.click("#media-camera");
  for (const page of [small, large]) await until(async () => (await camera(page, teacherId))?.framesDecoded > 0, 20_000, "the teacher's video decodes");

  console.log(`# decoding: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Blaise looks at the teacher's camera in the presenter view; Ada, on a phone, keeps the board and the strip.
  await large.click("#switch-view");
  await large.waitForSelector(`.presenter .tile[data-owner="${teacherId}"]`);
  // The camera captures 960x540 (devices.ts): layers of 240, 480 and 960 columns.
  await until(async () => (await camera(small, teacherId))?.frameWidth === 240, 15_000, "Ada's strip tile gets the quarter-size layer");
  await until(async () => (await camera(large, teacherId))?.frameWidth === 960, 20_000, "Blaise's presenter view gets the full size");
  const [low, full] = await Promise.all([rate(small, teacherId), rate(large, teacherId)]);
  console.log(`# low layer: ${low.width}x${low.height}, ${(low.bps / 1000).toFixed(0)} kbit/s, ${low.fps.toFixed(1)} fps; ` +
    `presenter view: ${full.width}x${full.height}, ${(full.bps / 1000).toFixed(0)} kbit/s, ${full.fps.toFixed(1)} fps`);
  assert.equal(low.width, 240);
  assert.ok(low.fps >= 10, `the low layer still moves: ${low.fps} fps`);
  assert.ok(low.bps < 250_000, `the low layer stays small: ${low.bps} bit/s`);
  assert.ok(full.bps > 2 * low.bps, `the presenter view gets more: ${full.bps} against ${low.bps} bit/s`);

  await screenshot(small, "simulcast-small-tile-360");
  await screenshot(large, "simulcast-presenter-1280");
  await Promise.all(contexts.map((c) => c.close()));
  console.log(`# small tile test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
