// Polls, quizzes and the class timer in the browser (issue 20): the teacher runs a quiz, three students
// answer (one changes their mind), the teacher watches the live results and publishes them, and each student
// sees the chart; then a countdown everyone sees, which a reload does not reset.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, join, screenshot } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });

/** The chart's rows as "label count" text, one per option. */
const chartRows = (page, id) => page.locator(`#${id} li`).evaluateAll((rows) => rows.map((row) =>
  `${row.querySelector(".poll-label").textContent.trim()} ${row.querySelector(".poll-number").textContent.trim()}`));

async function answer(page, option) {
  await page.waitForSelector("#poll-card:not([hidden]) .poll-options");
  await page.locator(".poll-option", { hasText: option }).click();
  await page.click("#poll-answer");
  await page.waitForSelector("#poll-status:has-text('Réponse envoyée')");
}

test("a teacher runs a quiz, three students answer, and everyone sees the published chart", async () => {
  const room = await createRoom(stage.server.url, "Quiz de maths");
  const contexts = await Promise.all([context(DESKTOP), context(PHONE), context(DESKTOP), context(PHONE)]);
  const teacher = await join(contexts[0], room.teacher.url, "Mme Durand");
  const students = [];
  for (const [i, name] of ["Léa", "Noé", "Inès"].entries()) students.push(await join(contexts[i + 1], room.student.url, name));

  assert.ok(await students[0].isHidden("#open-poll"), "no poll control for a student");
  await teacher.click("#open-poll");
  await teacher.waitForSelector("#poll-dialog[open]");
  await teacher.fill("#poll-question", "Combien font 7 × 8 ?");
  await teacher.selectOption("#poll-kind", { label: "Réponses personnalisées" });
  await teacher.fill("#poll-options", "54\n56\n58");
  await teacher.check("#poll-key-1");
  assert.deepEqual(await axeViolations(teacher), [], "new poll dialog");
  await screenshot(teacher, "polls-new-dialog-1280");
  await teacher.click("#poll-start");
  await teacher.waitForSelector("#poll-dialog", { state: "hidden" });

  // The phone student's card, before answering: the quiz's key is nowhere on the page.
  await students[0].waitForSelector("#poll-card:not([hidden]) .poll-options");
  assert.equal(await students[0].locator("#poll-card").getAttribute("hidden"), null);
  assert.ok(!(await students[0].locator("#poll-card").innerText()).includes("Quiz"), "a student does not learn it is a quiz");
  assert.deepEqual(await axeViolations(students[0]), [], "student answer card");
  await screenshot(students[0], "polls-answer-card-360");
  // "Répondre" with nothing chosen says what is missing rather than doing nothing.
  await students[0].click("#poll-answer");
  await students[0].waitForSelector("#poll-status:has-text('Choisissez d')");
  await screenshot(students[0], "polls-answer-nothing-chosen-360");

  await answer(students[0], "56");
  await answer(students[1], "54");
  await answer(students[2], "58");
  await answer(students[2], "56");
  await teacher.waitForSelector("#poll-respondents:has-text('Réponses : 3')");
  await teacher.waitForFunction(() => document.querySelector("#poll-live li:nth-child(2) .poll-number")?.textContent.startsWith("2 "));
  assert.deepEqual(await chartRows(teacher, "poll-live"), ["54 1 · 33 %", "56 (bonne réponse) 2 · 67 %", "58 0 · 0 %"]);
  await teacher.click("#poll-responses summary, .poll-responses summary");
  assert.match(await teacher.locator(".poll-responses").innerText(), /Inès — 56/);
  assert.deepEqual(await axeViolations(teacher), [], "teacher live results");
  await screenshot(teacher, "polls-live-results-1280");

  await teacher.click("#poll-publish");
  for (const student of students) {
    await student.waitForSelector("#poll-chart");
    assert.deepEqual(await chartRows(student, "poll-chart"), ["54 1 · 33 %", "56 (bonne réponse) 2 · 67 %", "58 0 · 0 %"]);
    assert.match(await student.locator("#poll-card").innerText(), /bonnes réponses : 2/);
  }
  assert.match(await students[1].locator("#poll-card").innerText(), /Votre réponse : 54/);
  assert.deepEqual(await axeViolations(students[0]), [], "published chart");
  await screenshot(students[0], "polls-published-chart-360");
  await screenshot(students[1], "polls-published-chart-1280");
  await teacher.waitForSelector(".poll-note:has-text('Résultats publiés')");
  await screenshot(teacher, "polls-published-teacher-1280");

  // An answer after the end is refused by the room, and the page says so.
  assert.ok(await students[0].isHidden("#poll-answer"), "no answer button once published");
  await Promise.all(contexts.map((c) => c.close()));
});

test("a teacher's countdown shows for everyone and keeps its time across a reload", async () => {
  const room = await createRoom(stage.server.url, "Minuteur");
  const [teacherCtx, studentCtx] = await Promise.all([context(PHONE), context(DESKTOP)]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Petit");
  const student = await join(studentCtx, room.student.url, "Jules");
  assert.ok(await student.isHidden("#open-timer"));
  assert.ok(await student.isHidden("#class-timer"));

  await teacher.click("#open-timer");
  await teacher.waitForSelector("#timer-dialog[open]");
  await teacher.fill("#timer-minutes", "3");
  assert.deepEqual(await axeViolations(teacher), [], "timer dialog");
  await screenshot(teacher, "timer-dialog-360");
  await teacher.click("#timer-start");
  await teacher.click("#close-timer");
  await student.waitForSelector("#class-timer:not([hidden])[data-state=running]");
  const seconds = async (page) => {
    const [mm, ss] = (await page.locator("#class-timer .timer-text").innerText()).split(":").map(Number);
    return mm * 60 + ss;
  };
  await student.waitForTimeout(1500);
  const before = await seconds(student);
  assert.ok(before <= 179 && before >= 170, `counting down from 3:00, at ${before}`);
  assert.deepEqual(await axeViolations(student), [], "timer shown");
  await screenshot(student, "timer-running-1280");
  await screenshot(teacher, "timer-running-360");

  await student.reload();
  await student.waitForSelector("#class-timer:not([hidden])[data-state=running]");
  const after = await seconds(student);
  assert.ok(after <= before && after >= before - 15, `a reload keeps the time: ${before} then ${after}`);

  await teacher.click("#open-timer");
  await teacher.click("#timer-pause");
  await student.waitForSelector("#class-timer[data-state=paused]");
  const paused = await seconds(student);
  await student.waitForTimeout(1200);
  assert.equal(await seconds(student), paused, "a paused timer stands still");
  await teacher.click("#timer-reset");
  await student.waitForSelector("#class-timer", { state: "hidden" });
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("a second poll started while one is open is refused in the page's language, in French and in English", async () => {
  for (const [locale, expected] of [
    ["fr-FR", "Un sondage est déjà en cours : terminez-le avant d'en lancer un autre."],
    ["en-GB", "A poll is already running: end it before starting another."],
  ]) {
    const room = await createRoom(stage.server.url, "Refusals");
    const teacherCtx = await stage.browser.newContext({ locale, viewport: DESKTOP });
    const teacher = await join(teacherCtx, room.teacher.url, "Mme Roux");
    for (const question of ["Première ?", "Deuxième ?"]) {
      await teacher.click("#open-poll");
      await teacher.waitForSelector("#poll-dialog[open]");
      await teacher.fill("#poll-question", question);
      await teacher.click("#poll-start");
      await teacher.waitForSelector("#poll-dialog", { state: "hidden" });
    }
    // The room's refusal (poll_open) is told in words a teacher reads, never the server's own (English) message.
    await teacher.waitForSelector(".flash:not([hidden])");
    assert.equal(await teacher.locator(".flash").innerText(), expected);
    await screenshot(teacher, `polls-second-poll-refused-${locale}-1280`);
    await teacherCtx.close();
  }
});
