// A teacher moderates the class from the browser (issue 17): deletes a message, clears the chat, mutes a
// student's chat, renews the student link, and ends the class for everyone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, chatTexts, join, onParticipant, openChat, openParticipants, say, screenshot, seesMessage } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });

/** The line of the chat log that shows `text`. */
const lineOf = (page, text) => page.locator(".chat-log p", { hasText: text });

function gone(page, text) {
  return page.waitForFunction((t) => !window.__ardoise.chat.some((m) => m.text === t)
    && ![...document.querySelectorAll(".chat-log .text")].some((e) => e.textContent === t), text, { timeout: 10_000 });
}

/** Answers the confirm step: checks it is axe clean, keeps a picture of it, then confirms. */
async function confirm(page, shot) {
  await page.waitForSelector(".confirm-dialog[open]");
  assert.deepEqual(await axeViolations(page), [], `confirm dialog ${shot}`);
  await screenshot(page, shot);
  await page.click("#confirm-yes");
  await page.waitForSelector(".confirm-dialog", { state: "detached" });
}

test("a teacher deletes a message, clears the chat and mutes one student's chat", async () => {
  const room = await createRoom(stage.server.url, "Modération");
  const [teacherCtx, studentCtx] = await Promise.all([context(DESKTOP), context(PHONE)]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Martin");
  const student = await join(studentCtx, room.student.url, "Léa");
  const studentId = await student.evaluate(() => window.__ardoise.participantId);

  await say(student, "Un message déplacé");
  await say(student, "Une bonne question");
  await say(student, "Un mot pour vous seul", "M. Martin");
  await seesMessage(teacher, "Un mot pour vous seul");
  await openChat(teacher);
  // Students get no delete button; a teacher's shows on hover and is reachable by the keyboard.
  assert.equal(await student.locator(".delete-message:visible").count(), 0);
  await lineOf(teacher, "Un message déplacé").hover();
  await screenshot(teacher, "moderation-delete-hover-1280");
  await lineOf(teacher, "Un message déplacé").locator(".delete-message").focus();
  assert.equal(await teacher.evaluate(() => document.activeElement.getAttribute("aria-label")), "Supprimer le message de Léa");
  await teacher.keyboard.press("Enter");
  await Promise.all([gone(teacher, "Un message déplacé"), gone(student, "Un message déplacé")]);
  assert.ok((await chatTexts(student)).includes("Une bonne question"), "only that message went");

  // Clear: after a confirm step; every public message goes, the private one stays.
  await teacher.click("#clear-chat");
  await confirm(teacher, "moderation-clear-confirm-1280");
  await Promise.all([gone(teacher, "Une bonne question"), gone(student, "Une bonne question")]);
  assert.deepEqual(await chatTexts(teacher), ["Un mot pour vous seul"]);
  assert.equal(await student.locator(".chat-log .text", { hasText: "Une bonne question" }).count(), 0);

  // Mute Léa's chat: her field is disabled, with a note that says why; the row says it too.
  await onParticipant(teacher, studentId, "mute-chat");
  await openChat(student);
  await student.waitForSelector("#chat-text:disabled");
  assert.match(await student.locator("#chat-note").innerText(), /coupé votre discussion/);
  await teacher.click(`[data-menu="${studentId}"]`);
  await teacher.waitForSelector('[role=menu]:not([hidden]) [data-action="unmute-chat"]');
  assert.deepEqual(await axeViolations(teacher), [], "participant menu");
  await screenshot(teacher, "moderation-participant-menu-1280");
  await teacher.keyboard.press("Escape");
  assert.deepEqual(await axeViolations(student), [], "muted student");
  await screenshot(student, "moderation-muted-student-360");
  await onParticipant(teacher, studentId, "unmute-chat");
  await student.waitForSelector("#chat-text:enabled");
  assert.ok(await student.isHidden("#chat-note"));
  await say(student, "Merci");
  await seesMessage(teacher, "Merci");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("a teacher renews the student link, then ends the class for everyone", async () => {
  const room = await createRoom(stage.server.url, "Liens");
  const [teacherCtx, studentCtx, lateCtx] = await Promise.all([context(PHONE), context(DESKTOP), context(DESKTOP)]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Roux");
  const student = await join(studentCtx, room.student.url, "Hugo");

  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  await teacher.click("#renew-student");
  await confirm(teacher, "moderation-renew-confirm-360");
  const renewed = await teacher.waitForSelector("#new-student-link");
  const link = await renewed.inputValue();
  assert.match(link, new RegExp(`^${stage.server.url}/c/${room.roomId}#.+`));
  assert.notEqual(link, room.student.url);
  assert.deepEqual(await axeViolations(teacher), [], "settings with the new link");
  await screenshot(teacher, "moderation-new-link-360");

  // The old link now opens the "replaced" page; the new one joins; Hugo, already in, stays.
  const old = await lateCtx.newPage();
  await old.goto(room.student.url);
  await old.waitForSelector('body[data-reason="revoked-link"]');
  await old.close();
  const late = await join(lateCtx, link, "Inès");
  assert.equal(await late.evaluate(() => window.__ardoise.role), 2, "the new student link gives the student role");
  await teacher.waitForFunction(() => document.querySelectorAll(".participants li").length === 3);
  assert.equal(await student.evaluate(() => document.body.dataset.screen), "classroom");

  // Renewing the teacher's own link: the page goes on with the new one, so a reload still comes back.
  const me = await teacher.evaluate(() => window.__ardoise.participantId);
  await teacher.click("#renew-teacher");
  await confirm(teacher, "moderation-renew-teacher-confirm-360");
  const teacherLink = await (await teacher.waitForSelector("#new-teacher-link")).inputValue();
  await teacher.waitForFunction((hash) => location.hash === hash, new URL(teacherLink).hash);
  await teacher.reload();
  await teacher.waitForFunction(() => window.__ardoise?.boardVisible === true);
  assert.equal(await teacher.evaluate(() => window.__ardoise.participantId), me, "the same teacher came back");

  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  await teacher.click("#end-class");
  await confirm(teacher, "moderation-end-confirm-360");
  await Promise.all([teacher, student, late].map((page) => page.waitForSelector('body[data-reason="ended"]', { timeout: 10_000 })));
  await screenshot(student, "moderation-ended-1280");
  await Promise.all([teacherCtx.close(), studentCtx.close(), lateCtx.close()]);
});

test("the settings dialog, its confirm step and the chat's moderation at 1280×800 and 360×740", async () => {
  const room = await createRoom(stage.server.url, "Tailles");
  for (const [name, viewport] of [["1280", DESKTOP], ["360", PHONE]]) {
    const ctx = await context(viewport);
    const teacher = await join(ctx, room.teacher.url, "Mme Roux");
    await say(teacher, `Bonjour (${name})`);
    await seesMessage(teacher, `Bonjour (${name})`);
    assert.deepEqual(await axeViolations(teacher), [], `chat at ${name}`);
    await screenshot(teacher, `moderation-chat-${name}`);
    await teacher.click("#open-settings");
    await teacher.waitForSelector("#settings-dialog[open]");
    assert.deepEqual(await axeViolations(teacher), [], `settings at ${name}`);
    await screenshot(teacher, `moderation-settings-${name}`);
    await teacher.click("#end-class");
    await teacher.waitForSelector(".confirm-dialog[open]");
    assert.deepEqual(await axeViolations(teacher), [], `end confirm at ${name}`);
    await screenshot(teacher, `moderation-end-confirm-${name}`);
    // Cancel changes nothing: the class goes on.
    await teacher.click("#confirm-no");
    await teacher.waitForSelector(".confirm-dialog", { state: "detached" });
    assert.equal(await teacher.evaluate(() => document.body.dataset.screen), "classroom");
    await ctx.close();
  }
});

test("on a phone, a student's row menu in the participants sheet shows every item", async () => {
  const room = await createRoom(stage.server.url, "Menus");
  const [teacherCtx, ...studentCtxs] = await Promise.all([context(PHONE), context(DESKTOP), context(DESKTOP), context(DESKTOP)]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Roy");
  const students = [];
  for (const [i, name] of ["Zoé", "Yanis", "Xavier"].entries()) students.push(await join(studentCtxs[i], room.student.url, name));
  const lastId = await students[2].evaluate(() => window.__ardoise.participantId);
  await openParticipants(teacher);
  await teacher.waitForSelector(`[data-menu="${lastId}"]`);
  await teacher.click(`[data-menu="${lastId}"]`);
  const items = teacher.locator("[role=menu]:not([hidden]) [role=menuitem]");
  assert.ok((await items.count()) >= 4, "the row's actions");
  for (const item of await items.all()) {
    const seen = await item.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return box.top >= 0 && box.bottom <= innerHeight && (hit === element || element.contains(hit));
    });
    assert.ok(seen, `${await item.getAttribute("data-action")} is on the screen, not clipped by the sheet`);
  }
  await screenshot(teacher, "moderation-row-menu-360");
  await Promise.all([teacherCtx, ...studentCtxs].map((c) => c.close()));
});
