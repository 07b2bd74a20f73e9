// The BigBlueButton-compatible API (issue 18) driven by an independent client, the npm package bigbluebutton-js,
// whose own code signs every call; and its join URLs opened in Chromium, as a Moodle or Greenlight user's browser
// opens them: straight into the class, with the LMS's name and role, and back to the LMS on leaving.
import assert from "node:assert/strict";
import { test } from "node:test";
import bbb from "bigbluebutton-js";
import { axeViolations, openChat, openParticipants, screenshot } from "./helpers.mjs";
import { BBB_SECRET } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const TEACHER = 1;
const STUDENT = 2;
const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });

/** Opens a join URL as the LMS hands it to a browser; resolves once the classroom (and its board) is shown. */
async function arrive(ctx, url) {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__ardoise?.boardVisible === true);
  return page;
}

const onRoster = (page, name) => page.waitForSelector(`.participants li .name:text-is("${name}")`, { state: "attached" });

test("bigbluebutton-js creates a meeting, its join URLs land in the class with the name and role, and end ends it", async () => {
  const api = bbb.api(`${stage.server.url}/bigbluebutton`, BBB_SECRET);
  const meetingID = `bbb-js-${Date.now()}`;
  // Where "leave" goes: any web page of the LMS; the node's own home page stands for it here.
  const logoutURL = `${stage.server.url}/?from=lms`;

  const created = await bbb.http(api.administration.create("Maths 4e A", meetingID, {
    attendeePW: "eleve-pw", moderatorPW: "prof-pw", logoutURL, record: false, welcome: "Bienvenue en <b>%%CONFNAME%%</b> !",
  }));
  assert.equal(created.returncode, "SUCCESS");
  assert.equal(String(created.meetingID), meetingID);
  assert.equal(String((await bbb.http(api.monitoring.isMeetingRunning(meetingID))).running), "false");

  const [teacherCtx, studentCtx] = await Promise.all([context(DESKTOP), context(PHONE)]);
  const teacher = await arrive(teacherCtx, api.administration.join("Mme Roux", meetingID, "prof-pw"));
  const student = await arrive(studentCtx, api.administration.join("Léo Martin", meetingID, "eleve-pw"));
  assert.equal(await teacher.evaluate(() => window.__ardoise.role), TEACHER, "the moderator password gives the teacher's role");
  assert.equal(await student.evaluate(() => window.__ardoise.role), STUDENT, "the attendee password gives the student's role");
  assert.match(await teacher.locator(".room-top").innerText(), /Maths 4e A/);
  assert.ok(!(await teacher.evaluate(() => location.hash.includes("name="))), "the address keeps the token alone");
  await openParticipants(teacher);
  await Promise.all([onRoster(teacher, "Mme Roux"), onRoster(teacher, "Léo Martin")]);
  await screenshot(teacher, "bbb-joined-teacher-1280");
  await screenshot(student, "bbb-joined-student-360");

  // The create's welcome is the class's first message, under the class's title.
  await openChat(student);
  const welcome = student.locator(".chat p", { hasText: "Bienvenue en Maths 4e A !" });
  await welcome.waitFor();
  assert.equal(await welcome.locator("strong").innerText(), "Maths 4e A");
  assert.deepEqual(await axeViolations(student), [], "chat with the welcome at 360");
  await screenshot(student, "bbb-welcome-360");
  await openChat(teacher);
  await teacher.locator(".chat p", { hasText: "Bienvenue en Maths 4e A !" }).waitFor();
  await screenshot(teacher, "bbb-welcome-1280");

  const info = await bbb.http(api.monitoring.getMeetingInfo(meetingID));
  assert.equal(info.returncode, "SUCCESS");
  assert.equal(String(info.running), "true");
  assert.equal(Number(info.participantCount), 2);
  assert.equal(Number(info.moderatorCount), 1);
  const attendees = [info.attendees.attendee].flat().map((a) => `${a.fullName}:${a.role}`).sort();
  assert.deepEqual(attendees, ["Léo Martin:VIEWER", "Mme Roux:MODERATOR"]);
  assert.equal(String((await bbb.http(api.monitoring.isMeetingRunning(meetingID))).running), "true");

  const listed = await bbb.http(api.monitoring.getMeetings());
  assert.ok(listed.meetings.some((m) => String(m.meetingID) === meetingID), "getMeetings lists it");

  // Ended by the LMS: everyone sees the end, with a way back to the course.
  const ended = await bbb.http(api.administration.end(meetingID, "prof-pw"));
  assert.equal(ended.returncode, "SUCCESS");
  await Promise.all([teacher.waitForSelector('body[data-reason="ended"]'), student.waitForSelector('body[data-reason="ended"]')]);
  assert.equal(await student.locator("#screen-action").innerText(), "Revenir au cours");
  assert.deepEqual(await axeViolations(student), [], "ended screen at 360");
  assert.deepEqual(await axeViolations(teacher), [], "ended screen at 1280");
  await screenshot(student, "bbb-ended-360");
  await screenshot(teacher, "bbb-ended-1280");
  await student.click("#screen-action");
  await student.waitForURL(logoutURL);
  const after = await bbb.http(api.monitoring.getMeetingInfo(meetingID));
  assert.equal(String(after.running), "false");
  assert.equal(String(after.hasBeenForciblyEnded), "true");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("leaving a class one came to from the LMS goes back to the LMS's page", async () => {
  const api = bbb.api(`${stage.server.url}/bigbluebutton`, BBB_SECRET);
  const meetingID = `bbb-leave-${Date.now()}`;
  const logoutURL = `${stage.server.url}/?course=7`;
  assert.equal((await bbb.http(api.administration.create("Histoire", meetingID, { attendeePW: "a-pw", moderatorPW: "m-pw", logoutURL }))).returncode, "SUCCESS");
  const ctx = await context(DESKTOP);
  const page = await arrive(ctx, api.administration.join("Inès", meetingID, "a-pw"));
  assert.equal(await page.evaluate(() => window.__ardoise.role), STUDENT);
  await page.click("#leave");
  await page.waitForURL(logoutURL);
  await ctx.close();
});
