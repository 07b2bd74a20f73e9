// Breakout groups in the browser (issue 20): the teacher puts two students into two groups by hand (one with the
// keyboard's select, one dragged and dropped), each student lands in their group with its banner and draws there,
// the teacher visits a group and comes back, the time runs out, everyone is back in the class, and each group's
// board is a page of the class's board.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, join, openParticipants, screenshot, stroke, waitShapes } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });

const inGroup = (page, group, timeout = 20_000) => page.waitForFunction(
  (g) => window.__ardoise?.breakoutGroup === g && window.__ardoise.boardVisible, group, { timeout });

test("two breakout groups: students draw in theirs, time runs out, and their boards come back as pages", async () => {
  const room = await createRoom(stage.server.url, "Sciences");
  const contexts = await Promise.all([context(DESKTOP), context(PHONE), context(DESKTOP)]);
  const teacher = await join(contexts[0], room.teacher.url, "M. Petit");
  const lea = await join(contexts[1], room.student.url, "Léa");
  const noe = await join(contexts[2], room.student.url, "Noé");
  const [leaId, noeId] = await Promise.all([lea, noe].map((page) => page.evaluate(() => window.__ardoise.participantId)));
  assert.ok(await lea.isHidden("#open-breakouts"), "no breakout control for a student");

  await teacher.click("#open-breakouts");
  await teacher.waitForSelector("#breakout-dialog[open]");
  await teacher.check("#breakout-manual");
  await teacher.fill("#breakout-count", "2");
  await teacher.dispatchEvent("#breakout-count", "change");
  // 15 s: what the students and the teacher do in the groups below took 2.1-2.3 s here, and none of it passes once
  // the groups have closed (it waits for each page to be in its group).
  await teacher.fill("#breakout-minutes", "0.25");
  await teacher.waitForSelector(`#breakout-move-${leaId}`);
  await teacher.selectOption(`#breakout-move-${leaId}`, "0");
  // Taken by its name: the select beside it is the keyboard's way, not a handle.
  await teacher.dragAndDrop(`#breakout-hand [data-participant="${noeId}"] > span`, '#breakout-hand [data-group="1"] h3');
  await teacher.waitForSelector(`#breakout-hand [data-group="1"] [data-participant="${noeId}"]`);
  assert.deepEqual(await axeViolations(teacher), [], "the breakout dialog, by hand");
  await screenshot(teacher, "breakouts-setup-1280");
  await teacher.setViewportSize(PHONE);
  await screenshot(teacher, "breakouts-setup-360");
  await teacher.setViewportSize(DESKTOP);
  await teacher.click("#breakout-open");

  await inGroup(lea, "g1");
  await inGroup(noe, "g2");
  for (const [page, name] of [[lea, "Groupe 1"], [noe, "Groupe 2"]]) {
    await page.waitForSelector("#breakout-banner:not([hidden])");
    assert.match(await page.locator("#breakout-banner-text").innerText(), new RegExp(`${name} · 00:[0-4]\\d`));
    assert.ok(await page.isHidden("#breakout-back"), "a student goes back only when the groups close");
    assert.equal(await page.evaluate(() => window.__ardoise.roomTitle), name);
  }
  assert.deepEqual(await axeViolations(lea), [], "a student in their group");
  await screenshot(lea, "breakouts-student-banner-360");
  await screenshot(noe, "breakouts-student-banner-1280");

  await stroke(lea, [0.2, 0.3], [0.5, 0.5]);
  await waitShapes(lea, 1);
  await stroke(noe, [0.3, 0.3], [0.6, 0.6]);
  await stroke(noe, [0.3, 0.6], [0.6, 0.3]);
  await waitShapes(noe, 2);

  // The teacher's running groups, then a visit to Léa's, whose drawing is there, and back.
  await teacher.waitForSelector("#breakout-left");
  assert.match(await teacher.locator("#breakout-dialog").innerText(), /Léa[\s\S]*Noé/);
  assert.deepEqual(await axeViolations(teacher), [], "the running groups");
  await screenshot(teacher, "breakouts-running-1280");
  await teacher.click('.breakout-visit[data-group="g1"]');
  await inGroup(teacher, "g1");
  await waitShapes(teacher, 1);
  assert.ok(await teacher.isVisible("#breakout-back"), "a visiting teacher may go back at any time");
  // What belongs to the class (who comes in, seats, links, its end) is not offered in a group, which refuses it.
  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  for (const control of ["#entry-open", "#max-participants", "#renew-student", "#end-class", "#delete-class-data"]) {
    assert.ok(await teacher.isHidden(control), `${control} in a group`);
  }
  assert.ok(await teacher.isVisible("#students-may-draw"), "the group's own rules stay");
  await screenshot(teacher, "breakouts-group-settings-1280");
  await teacher.setViewportSize(PHONE);
  await screenshot(teacher, "breakouts-group-settings-360");
  await teacher.setViewportSize(DESKTOP);
  await teacher.click("#close-settings");
  await teacher.click("#breakout-back");
  await inGroup(teacher, "");

  // The time runs out: everyone is back in the class, whose board has each group's page.
  for (const page of [lea, noe]) await inGroup(page, "", 90_000);
  for (const page of [teacher, lea, noe]) {
    await page.waitForFunction(() => ["Groupe 1", "Groupe 2"].every((title) => window.__ardoise.pageTitles.includes(title)),
      null, { timeout: 20_000 });
    assert.ok(await page.isHidden("#breakout-banner"));
  }
  assert.equal(await lea.evaluate(() => window.__ardoise.participantId), leaId, "back as the same participant");
  assert.equal(await lea.evaluate(() => window.__ardoise.roomTitle), "Sciences");
  await Promise.all(contexts.map((c) => c.close()));
});

test("a teacher who types how many groups opens them with one click", async () => {
  const room = await createRoom(stage.server.url, "Sciences");
  const contexts = await Promise.all([context(DESKTOP), context(PHONE)]);
  const teacher = await join(contexts[0], room.teacher.url, "M. Petit");
  const lea = await join(contexts[1], room.student.url, "Léa");
  await teacher.click("#open-breakouts");
  await teacher.waitForSelector("#breakout-dialog[open]");
  // As a person does: type 3 over the 2, then press the button, which takes the focus from the field (its change).
  await teacher.fill("#breakout-count", "3");
  await teacher.click("#breakout-open");
  await teacher.waitForSelector("#breakout-close", { timeout: 5_000 });
  assert.equal(await teacher.locator("#breakout-dialog .breakout-group").count(), 3);
  // The message to every group says what it is for, on screen and not only to a screen reader.
  assert.equal(await teacher.getAttribute("#breakout-message", "placeholder"), "Message à tous les groupes");
  await screenshot(teacher, "breakouts-open-dialog-1280");
  await teacher.setViewportSize(PHONE);
  // On a phone too the field is wide enough for its words (about 14 rem: the button goes under it).
  assert.ok((await teacher.locator("#breakout-message").boundingBox()).width >= 200, "the field keeps room for its placeholder");
  await screenshot(teacher, "breakouts-open-dialog-360");
  await teacher.setViewportSize(DESKTOP);
  await inGroup(lea, "g1");
  await teacher.click("#breakout-close");
  await inGroup(lea, "", 30_000);
  await Promise.all(contexts.map((c) => c.close()));
});

test("random groups are named in the page's language: a French class's students land in \"Groupe 1\"", async () => {
  const room = await createRoom(stage.server.url, "Sciences");
  const contexts = await Promise.all([context(DESKTOP), context(PHONE)]);
  const teacher = await join(contexts[0], room.teacher.url, "M. Petit");
  const lea = await join(contexts[1], room.student.url, "Léa");
  await teacher.click("#open-breakouts");
  await teacher.waitForSelector("#breakout-dialog[open]");
  await teacher.check("#breakout-random");
  await teacher.fill("#breakout-count", "1");
  await teacher.click("#breakout-open");
  await inGroup(lea, "g1");
  await lea.waitForSelector("#breakout-banner:not([hidden])");
  assert.equal(await lea.evaluate(() => window.__ardoise.roomTitle), "Groupe 1");
  assert.match(await lea.locator("#breakout-banner-text").innerText(), /^Groupe 1 · /);
  await teacher.waitForSelector("#breakout-dialog h3:has-text('Groupe 1')");
  await screenshot(lea, "breakouts-random-named-360");
  await screenshot(teacher, "breakouts-random-named-1280");
  await teacher.click("#breakout-close");
  await inGroup(lea, "", 30_000);
  await Promise.all(contexts.map((c) => c.close()));
});

test("while students work in groups, the class's list says which group each is in, not \"hors ligne\"", async () => {
  const room = await createRoom(stage.server.url, "Sciences");
  const contexts = await Promise.all([context(DESKTOP), context(PHONE)]);
  const teacher = await join(contexts[0], room.teacher.url, "M. Petit");
  const lea = await join(contexts[1], room.student.url, "Léa");
  const leaId = await lea.evaluate(() => window.__ardoise.participantId);
  await teacher.click("#open-breakouts");
  await teacher.waitForSelector("#breakout-dialog[open]");
  await teacher.click("#breakout-open");
  await inGroup(lea, "g1");
  await teacher.click("#close-breakouts-dialog");
  await openParticipants(teacher);
  const row = teacher.locator(`li[data-participant="${leaId}"] .tags`);
  await teacher.waitForFunction((id) => document.querySelector(`li[data-participant="${id}"] .tags`)?.textContent.includes("Groupe 1"), leaId);
  assert.equal(await row.innerText(), "Élève · dans Groupe 1");
  await screenshot(teacher, "breakouts-class-list-1280");
  await teacher.click("#open-breakouts");
  await teacher.click("#breakout-close");
  await inGroup(lea, "", 30_000);
  await Promise.all(contexts.map((c) => c.close()));
});
