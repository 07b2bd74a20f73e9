// The whiteboard's fast path in the browser (protocol/WHITEBOARD.md, "Live batches"): a teacher's stroke reaches a
// student before the room has written it, and the written event that follows changes nothing on the student's board.
import assert from "node:assert/strict";
import { test } from "node:test";
import { join, sameDigest, screenshot, stroke, waitShapes } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

// The class writes what it gathered every 4 s: a shape seen before then was seen live.
const WINDOW_MS = 4_000;
const stage = useServerAndBrowser(async () => {}, { env: { ARDOISE_GROUP_COMMIT_WINDOW: `${WINDOW_MS}ms` } });

test("a teacher's stroke reaches the students before its write, and its written event changes nothing", async () => {
  const room = await createRoom(stage.server.url, "Dessin en direct");
  const [teacherCtx, studentCtx, phoneCtx] = await Promise.all([
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } }),
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } }),
    stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 } }),
  ]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Hopper");
  const student = await join(studentCtx, room.student.url, "Ada");
  const phone = await join(phoneCtx, room.student.url, "Grace");
  // Joins are written at once; let any group-commit timer started before them run out.
  await new Promise((r) => setTimeout(r, WINDOW_MS + 500));
  const written = await student.evaluate(() => window.__ardoise.lastSeq);

  const drawn = Date.now();
  await stroke(teacher, [0.2, 0.2], [0.6, 0.5]);
  await Promise.all([waitShapes(student, 1), waitShapes(phone, 1)]);
  const seenAfter = Date.now() - drawn;
  assert.ok(seenAfter < WINDOW_MS, `seen after ${seenAfter} ms`);
  assert.equal(await student.evaluate(() => window.__ardoise.lastSeq), written, "shown before the room wrote it");
  assert.equal(await phone.evaluate(() => window.__ardoise.lastSeq), written, "shown before the room wrote it");
  await screenshot(student, "live-batch-1280");
  await screenshot(phone, "live-batch-360");
  const live = await student.evaluate(() => window.__ardoise.digest());

  // Then written: every board advances past it, with the same board as the author's, and nothing shown twice.
  await student.waitForFunction((seq) => window.__ardoise.lastSeq > seq, written, { timeout: WINDOW_MS * 3 });
  await sameDigest(teacher, student);
  await sameDigest(teacher, phone);
  assert.equal(await student.evaluate(() => window.__ardoise.digest()), live, "the written event changed nothing");
  assert.equal(await student.evaluate(() => window.__ardoise.shapeCount()), 1);
  await Promise.all([teacherCtx.close(), studentCtx.close(), phoneCtx.close()]);
});
