// A class spread over two SFUs end to end (media/README.md, "The SFU pool"): one node with a pool of two real SFUs
// and one student per SFU (ARDOISE_SFU_STUDENTS_PER_SFU=1), one Chromium with fake devices. The teacher and the
// first student meet on the class's SFU; the second student's page joins the other SFU, which relays the teacher,
// and decodes the teacher's video through it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { join, screenshot, until, framesFrom } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useMediaStage } from "./stage.mjs";

const stage = useMediaStage(undefined, "ardoise-sfu-spread-", { sfus: 2, env: { ARDOISE_SFU_STUDENTS_PER_SFU: "1" } });

test("the student beyond the class's SFU decodes the teacher's video relayed by the other SFU", async () => {
  const room = await createRoom(stage.server.url, "Amphi");
  const [teacherCtx, firstCtx, secondCtx] = await Promise.all([
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } }),
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } }),
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 } }),
  ]);
  const joined = (page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 20_000 });
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Curie");
  await joined(teacher);
  const first = await join(firstCtx, room.student.url, "Pierre");
  await joined(first);
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
  await teacher.click("#media-camera");
  await until(async () => (await framesFrom(first, teacherId)) > 10, 15_000, "the first student decodes the teacher");
  const home = await until(async () => {
    const held = await Promise.all(stage.sfus.map((sfu) => sfu.metric("sfu_participants")));
    const index = held.findIndex((n) => n === 2);
    return index >= 0 && held.filter((n) => n > 0).length === 1 ? stage.sfus[index] : undefined;
  }, 10_000, "the class's SFU holding the teacher and the first student");
  const other = stage.sfus.find((sfu) => sfu !== home);

  const asked = Date.now();
  const second = await join(secondCtx, room.student.url, "Marie");
  await joined(second);
  await until(async () => (await framesFrom(second, teacherId)) > 0, 15_000, "the second student decodes the teacher", 20);
  const tookMs = Date.now() - asked;
  // The other SFU holds the second student and the teacher's stand-in; the class's SFU the relay besides.
  assert.equal(await other.metric("sfu_participants"), 2, "the second student is on the other SFU");
  assert.equal(await home.metric("sfu_participants"), 3, "the relay joined the class's SFU");
  assert.equal(await other.metric("sfu_relays"), 1, "which relays the class from its SFU");
  assert.equal(await home.metric("sfu_relays"), 0);
  await until(async () => (await framesFrom(second, teacherId)) > 30, 15_000, "the relayed video goes on");
  console.log(`SFU spread: the second student's page decodes the relayed teacher ${tookMs} ms after opening the link`);
  await screenshot(teacher, "62-sfu-spread-teacher");
  await screenshot(second, "63-sfu-spread-student-360px");

  await secondCtx.close();
  await until(async () => (await other.metric("sfu_relays")) === 0, 10_000, "the relay ends with its last student");
  await Promise.all([teacherCtx.close(), firstCtx.close()]);
});
