// TURN credentials renewed in a long class: with a lifetime of 8 s, the node sends each page in media a fresh
// credential 6 s after the last (MediaStatus RENEWED); the page sets it on both its connections
// (RTCPeerConnection.setConfiguration) and the teacher's video goes on decoding on the student's page, on the same
// connections.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { after, before, test } from "node:test";
import { MEDIA_ARGS, startBrowser } from "./browser.mjs";
import { framesFrom, join, screenshot, until } from "./helpers.mjs";
import { createRoom, startServer } from "./server.mjs";
import { startSfu } from "./sfu.mjs";

const TURN_SECRET = "e2e-turn-renewal-secret-0123";
const stage = {};

before(async () => {
  stage.dir = mkdtempSync(joinPath(tmpdir(), "ardoise-turn-renewal-"));
  [stage.sfu, stage.browser] = await Promise.all([startSfu(stage.dir, { turnSecret: TURN_SECRET }), startBrowser(MEDIA_ARGS)]);
  stage.server = await startServer({
    sfu: stage.sfu,
    env: {
      ARDOISE_TURN_URLS: `turn:127.0.0.1:${stage.sfu.turnTcpPort}?transport=tcp`,
      ARDOISE_TURN_SECRET: TURN_SECRET,
      ARDOISE_TURN_TTL: "8s",
      ARDOISE_WARM_UP_CONNECTIONS: "0",
    },
  });
});

after(async () => {
  await stage.browser?.close();
  await stage.server?.stop();
  await stage.sfu?.stop();
  if (stage.dir) rmSync(stage.dir, { recursive: true, force: true });
});

const usernames = (page) => page.evaluate(() => window.__ardoise.media.iceUsernames);
const expiry = (username) => Number(username.split(":")[0]);

test("a page in media sets each renewed TURN credential on its connections, and the video goes on", async () => {
  const room = await createRoom(stage.server.url, "Cours du soir");
  const newContext = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport });
  const [teacherCtx, studentCtx] = await Promise.all([newContext({ width: 1280, height: 800 }), newContext({ width: 360, height: 740 })]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Curie");
  const student = await join(studentCtx, room.student.url, "Pierre");
  const joined = (page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 30_000 });
  await Promise.all([joined(teacher), joined(student)]);
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
  await teacher.click("#media-camera");
  await until(async () => (await framesFrom(student, teacherId)) > 0, 30_000, "the student decodes the teacher's video");

  for (const page of [teacher, student]) {
    const [held] = await usernames(page);
    assert.ok(held && expiry(held) > 0, `a TURN username with its expiry: ${held}`);
    const waited = Date.now();
    const renewed = await until(async () => {
      const now = await usernames(page);
      return now.length === 2 && now.every((u) => u !== held) ? now : undefined;
    }, 15_000, "a renewed TURN credential on both connections");
    assert.equal(renewed[0], renewed[1], "the same credential on the sending and the receiving connection");
    assert.ok(expiry(renewed[0]) > expiry(held), `${renewed[0]} expires after ${held}`);
    assert.ok(Date.now() / 1000 < expiry(held), "set before the credential it replaces expired");
    assert.equal(renewed[0].split(":")[1], held.split(":")[1], "the same participant's");
    console.log(`turn renewal: ${renewed[0]} replaced ${held}, ${Date.now() - waited} ms after the test looked`);
  }
  // The same connections: still joined, and the video keeps coming to the student.
  assert.equal(await student.evaluate(() => window.__ardoise.media.phase), "joined");
  const decoded = await framesFrom(student, teacherId);
  await until(async () => (await framesFrom(student, teacherId)) > decoded + 30, 15_000, "frames keep coming after the renewal");

  await screenshot(teacher, "62-turn-renewal-teacher");
  await screenshot(student, "63-turn-renewal-student-360px");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});
