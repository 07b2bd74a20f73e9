// A lecture in the browser (README, "Lectures"): a class created for 1,000 with a crowd of students in it. Teachers
// see how many are connected against the limit and a list they can search; students see the teachers, themselves
// and the count, which follows the crowd as it leaves.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, join, openParticipants, screenshot } from "./helpers.mjs";
import { API_KEY } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const CROWD = 60;
const stage = useServerAndBrowser();

async function createLecture(url, title, maxParticipants) {
  const response = await fetch(`${url}/api/v1/rooms`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ title, maxParticipants }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

/**
 * `count` students joining from one page, a WebSocket each with a hand-made Join frame (ClientFrame: client_seq 1,
 * join 10 {token 1, display_name 2}): a crowd without a browser each. Resolves once each has its first answer.
 */
async function crowd(page, websocketUrl, token, count) {
  return page.evaluate(async ({ websocketUrl, token, count }) => {
    const text = new TextEncoder();
    const varint = (n) => {
      const out = [];
      for (; n > 127; n >>>= 7) out.push((n & 127) | 128);
      out.push(n);
      return out;
    };
    const field = (number, bytes) => [(number << 3) | 2, ...varint(bytes.length), ...bytes];
    window.crowd = [];
    await Promise.all(Array.from({ length: count }, (_, i) => new Promise((resolve, reject) => {
      const socket = new WebSocket(`${websocketUrl}?token=${token}`);
      const name = `Élève ${String(i).padStart(3, "0")}`;
      socket.onopen = () => socket.send(new Uint8Array([8, 1, ...field(10, [...field(1, text.encode(token)), ...field(2, text.encode(name))])]));
      socket.onmessage = () => resolve();
      socket.onerror = () => reject(new Error(`${name} could not connect`));
      window.crowd.push(socket);
    })));
  }, { websocketUrl, token, count });
}

const summary = (page) => page.textContent("#people-summary");
const rows = (page) => page.locator(".participants li[data-participant]").count();

test("teachers see the count against the limit and search the crowd; students see the teachers and the count", async () => {
  const room = await createLecture(stage.server.url, "Amphi de physique", 1000);
  const wide = { locale: "fr-FR", viewport: { width: 1280, height: 800 } };
  const phone = { locale: "fr-FR", viewport: { width: 360, height: 740 } };
  const [teacherCtx, coTeacherCtx, studentCtx, phoneCtx, crowdCtx] = await Promise.all(
    [wide, phone, wide, phone, wide].map((options) => stage.browser.newContext(options)));
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Curie");
  const coTeacher = await join(coTeacherCtx, room.teacher.url, "M. Langevin");
  const crowdPage = await crowdCtx.newPage();
  await crowdPage.goto(stage.server.url);
  await crowd(crowdPage, room.websocketUrl, room.student.token, CROWD);
  const student = await join(studentCtx, room.student.url, "Ada");
  const student360 = await join(phoneCtx, room.student.url, "Grace");
  const everyone = CROWD + 4;

  for (const page of [teacher, coTeacher, student, student360]) await openParticipants(page);
  await teacher.waitForFunction((n) => document.querySelector("#people-summary")?.textContent?.startsWith(`${n} connectés`), everyone);
  assert.equal(await summary(teacher), `${everyone} connectés · 1000 élèves au plus`);
  assert.ok(await teacher.isVisible("#people-search"), "a long list can be searched");
  assert.equal(await rows(teacher), everyone, "a teacher has the whole roster");
  await teacher.fill("#people-search", "eleve 01");
  await teacher.waitForFunction(() => document.querySelectorAll(".participants li[data-participant]").length === 10);
  await screenshot(teacher, "lecture-teacher-1280");
  assert.deepEqual(await axeViolations(teacher), [], "a teacher's panel, searched");
  await coTeacher.waitForFunction((n) => document.querySelector("#people-summary")?.textContent?.startsWith(`${n} connectés`), everyone);
  await screenshot(coTeacher, "lecture-teacher-360");

  for (const page of [student, student360]) {
    await page.waitForFunction((n) => document.querySelector("#people-summary")?.textContent?.startsWith(`${n} connectés`), everyone);
    assert.match(await summary(page), /Cours magistral/);
    assert.equal(await rows(page), 3, "the two teachers and themselves");
    assert.ok(await page.isHidden("#people-search"));
  }
  await screenshot(student, "lecture-student-1280");
  await screenshot(student360, "lecture-student-360");
  assert.deepEqual(await axeViolations(student360), [], "a student's panel at 360");

  // Twenty leave: the count follows within a presence window or two, on every page.
  await crowdPage.evaluate(() => window.crowd.slice(0, 20).forEach((socket) => socket.close()));
  for (const page of [teacher, student, student360]) {
    await page.waitForFunction((n) => document.querySelector("#people-summary")?.textContent?.startsWith(`${n} connectés`), everyone - 20, { timeout: 15_000 });
  }

  // The limit, in the teacher's settings: a student cannot find it there.
  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  assert.equal(await teacher.inputValue("#max-participants"), "1000");
  await screenshot(teacher, "lecture-settings-1280");
  assert.deepEqual(await axeViolations(teacher), [], "the settings with the limit");
  await coTeacher.click("#open-settings");
  await coTeacher.waitForSelector("#settings-dialog[open]");
  await screenshot(coTeacher, "lecture-settings-360");
  await student.click("#open-settings");
  await student.waitForSelector("#settings-dialog[open]");
  assert.ok(await student.isHidden("#max-participants"));
  await teacher.fill("#max-participants", "10");
  await teacher.click("#apply-max-participants");
  await teacher.click("#close-settings");
  await teacher.waitForFunction(() => document.querySelector("#people-summary")?.textContent?.endsWith("10 élèves au plus"));

  // Over it now (42 students in), a newcomer is turned away: the join page's link check already says the class is full.
  const lateCtx = await stage.browser.newContext(phone);
  const late = await lateCtx.newPage();
  await late.goto(room.student.url);
  await late.waitForSelector("text=Le nombre maximal de participants est atteint");
  await Promise.all([teacherCtx, coTeacherCtx, studentCtx, phoneCtx, crowdCtx, lateCtx].map((context) => context.close()));
});
