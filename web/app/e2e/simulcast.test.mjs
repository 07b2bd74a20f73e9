// Simulcast end to end: the teacher's camera goes up in three layers and the SFU sends each student
// the one its tile needs. The real SFU, one server, one Chromium with fake devices.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MEDIA_ARGS, startBrowser } from "./browser.mjs";
import { join, screenshot, until } from "./helpers.mjs";
import { createNetns } from "./netns.mjs";
import { relayUdp } from "./netns-udp.mjs";
import { createRoom } from "./server.mjs";
import { useMediaStage } from "./stage.mjs";

const stage = useMediaStage();

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
  // Page warnings land in the test's output: the SFU's refusal of a layer wish is one.
  for (const c of contexts) c.on("console", (m) => { if (m.type() === "warning" || m.type() === "error") console.log(`[page ${m.type()}] ${m.text()}`); });
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
  // A layer switch waits for the new layer's key frame, and on a busy machine the first seconds after it may decode
  // few frames: measure again (same bar) until one window of three seconds is past the switch.
  let low;
  let full;
  await until(async () => {
    [low, full] = await Promise.all([rate(small, teacherId), rate(large, teacherId)]);
    console.log(`# low layer window: ${low.width}x${low.height}, ${low.fps.toFixed(1)} fps`);
    return low.width === 240 && low.fps >= 10;
  }, 20_000, "the low layer moves at 10 frames a second or more").catch(() => {});
  console.log(`# low layer: ${low.width}x${low.height}, ${(low.bps / 1000).toFixed(0)} kbit/s, ${low.fps.toFixed(1)} fps; ` +
    `presenter view: ${full.width}x${full.height}, ${(full.bps / 1000).toFixed(0)} kbit/s, ${full.fps.toFixed(1)} fps`);
  assert.equal(low.width, 240);
  assert.ok(low.fps >= 10, `the low layer still moves: ${low.fps} fps`);
  assert.ok(low.bps < 250_000, `the low layer stays small: ${low.bps} bit/s`);
  assert.ok(full.bps > 2 * low.bps, `the presenter view gets more: ${full.bps} against ${low.bps} bit/s`);

  await screenshot(small, "simulcast-small-tile-360");
  await screenshot(large, "simulcast-presenter-1280");
  // The other way round: Blaise's strip tile gets the quarter size again; Ada's presenter view on a phone shows the
  // picture 272 by 153 pixels (the rest of the tall stage is black), which the quarter size fills.
  await Promise.all([small.click("#switch-view"), large.click("#switch-view")]);
  await small.waitForSelector(`.presenter .tile[data-owner="${teacherId}"]`);
  await until(async () => (await camera(large, teacherId))?.frameWidth === 240, 15_000, "Blaise's strip tile gets the quarter-size layer");
  assert.equal((await camera(small, teacherId)).frameWidth, 240, "a picture 153 pixels high needs no more than the quarter size");
  await screenshot(small, "simulcast-presenter-360");
  await screenshot(large, "simulcast-small-tile-1280");
  await Promise.all(contexts.map((c) => c.close()));
  console.log(`# small tile test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test("a student whose link is throttled drops to a smaller layer and keeps decoding frames", async () => {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  // The student's Chromium runs in a network namespace of the test's own; the page and the WebSocket reach the node
  // through netns.mjs's bridge, the media the SFU through a UDP relay, all over the namespace's loopback, which tc
  // then shapes. Loopback's MTU goes down to Ethernet's so that tbf never meets a packet larger than its bucket.
  const ns = createNetns("simulcast");
  let relay;
  let nsBrowser;
  const teacherCtx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  try {
    ns.exec("ip", "link", "set", "lo", "mtu", "1500");
    await ns.forward([Number(new URL(stage.server.url).port)]);
    relay = await relayUdp(ns, stage.sfu.udpPort);
    nsBrowser = await startBrowser(MEDIA_ARGS, ns.chromium());
    const studentCtx = await nsBrowser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });

    const room = await createRoom(stage.server.url, "Simulcast 4C");
    const [teacher, student] = await Promise.all([join(teacherCtx, room.teacher.url, "M. Fermat"), join(studentCtx, room.student.url, "Sophie")]);
    await Promise.all([teacher, student].map(joined));
    const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
    await teacher.click("#media-camera");
    await until(async () => (await camera(student, teacherId))?.framesDecoded > 0, 20_000, "the namespaced student decodes the teacher's video");
    await student.click("#switch-view");
    // Two seconds of the full size, so that what follows is the throttle's doing.
    const before = await until(async () => {
      const r = await rate(student, teacherId, 2000);
      return r.width === 960 && r;
    }, 30_000, "the presenter view gets the full size");
    console.log(`# before the throttle (${seconds()}): ${before.width}x${before.height}, ${(before.bps / 1000).toFixed(0)} kbit/s, ${before.fps.toFixed(1)} fps`);

    // Under what the full layer sends, over what the quarter-size one needs.
    // A bucket of 32 kB and 400 ms of queue let a key frame through whole.
    ns.exec("tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "250kbit", "burst", "32kb", "latency", "400ms");
    const throttled = Date.now();
    await until(async () => (await camera(student, teacherId))?.frameWidth < 960, 30_000, "a smaller layer under the throttle");
    const dropAfter = Date.now() - throttled;
    // The switch and the losses of the first seconds may hold the picture a moment; then it moves again.
    const after = await until(async () => {
      const r = await rate(student, teacherId, 3000);
      return r.width < 960 && r.fps >= 5 && r;
    }, 30_000, "frames decoded again on the smaller layer");
    console.log(`# throttled to 250 kbit/s: a smaller layer after ${(dropAfter / 1000).toFixed(1)} s; then ${after.width}x${after.height}, ` +
      `${(after.bps / 1000).toFixed(0)} kbit/s, ${after.fps.toFixed(1)} fps`);
    assert.ok(after.width < 960, `still the full size: ${after.width}`);
    assert.ok(after.bps < before.bps, `less arrives: ${after.bps} against ${before.bps} bit/s before`);
    assert.ok(after.fps >= 5, `frames keep being decoded: ${after.fps} fps`);
    assert.ok(after.bps < 250_000, `the stream fits the link: ${after.bps} bit/s`);
    await screenshot(student, "simulcast-throttled-1280");
    console.log(`# throttled test: ${seconds()}`);
  } finally {
    await teacherCtx.close();
    await nsBrowser?.close();
    relay?.close();
    ns.close();
  }
});
