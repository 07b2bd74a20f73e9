// A teacher deletes the class's data now from its settings (RGPD): after a confirm step, everyone in it lands on
// the ended page and its links lead nowhere; a student's link cannot do it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, join, screenshot } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });

async function openSettings(page) {
  await page.click("#open-settings");
  await page.waitForSelector("#settings-dialog[open]");
}

test("a teacher deletes the class's data now, and everyone in it is out for good", async () => {
  const room = await createRoom(stage.server.url, "Effacée");
  const teacherCtx = await context(DESKTOP);
  const studentCtx = await context(DESKTOP);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Roux");
  const student = await join(studentCtx, room.student.url, "Léa");

  const byStudent = await student.evaluate(async ([id, token]) =>
    (await fetch(`/api/v1/rooms/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } })).status,
  [room.roomId, new URL(room.student.url).hash.slice(1)]);
  assert.equal(byStudent, 403, "a student's link deletes nothing");
  assert.ok(await student.isHidden("#delete-class-data"), "and is not offered the button");

  await openSettings(teacher);
  await teacher.click("#delete-class-data");
  await teacher.waitForSelector(".confirm-dialog[open]");
  assert.match(await teacher.locator("#confirm-text").innerText(), /effacés définitivement/);
  assert.deepEqual(await axeViolations(teacher), [], "the confirm step");
  await screenshot(teacher, "class-data-delete-confirm-1280");
  await teacher.click("#confirm-yes");
  await Promise.all([teacher, student].map((page) => page.waitForSelector('body[data-reason="ended"]', { timeout: 10_000 })));

  const late = await studentCtx.newPage();
  await late.goto(room.student.url);
  await late.waitForSelector('body[data-reason="unknown-class"]');
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("the settings with the delete button, and its confirm step, at 1280×800 and 360×740", async () => {
  const room = await createRoom(stage.server.url, "Tailles");
  for (const [name, viewport] of [["1280", DESKTOP], ["360", PHONE]]) {
    const ctx = await context(viewport);
    const teacher = await join(ctx, room.teacher.url, "Mme Roux");
    await openSettings(teacher);
    await teacher.locator("#delete-class-data").scrollIntoViewIfNeeded();
    assert.deepEqual(await axeViolations(teacher), [], `settings at ${name}`);
    await screenshot(teacher, `class-data-settings-${name}`);
    await teacher.click("#delete-class-data");
    await teacher.waitForSelector(".confirm-dialog[open]");
    await screenshot(teacher, `class-data-delete-confirm-${name}-cancel`);
    // Cancel changes nothing: the class goes on.
    await teacher.click("#confirm-no");
    await teacher.waitForSelector(".confirm-dialog", { state: "detached" });
    assert.equal(await teacher.evaluate(() => document.body.dataset.screen), "classroom");
    await ctx.close();
  }
});
