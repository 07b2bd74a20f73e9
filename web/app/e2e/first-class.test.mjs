// A first class, as a teacher who has never seen Ardoise would run it, counting every click: create
// the class, copy the student link, enter, a student joins, the teacher draws, the student raises a
// hand, the teacher lowers it. Typing is not counted; each click and each drag on the board is.
import assert from "node:assert/strict";
import { test } from "node:test";
import { screenshot } from "./helpers.mjs";
import { API_KEY } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

// What the scripted class takes today; a change that adds a click to this path fails here and says so.
const MOST_CLICKS = 8;

const stage = useServerAndBrowser();

test("a first class takes at most a handful of clicks from nothing to a lowered hand", async () => {
  const clicks = [];
  const click = async (page, selector, why) => {
    await page.click(selector);
    clicks.push(why);
  };
  const teacherCtx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 }, permissions: ["clipboard-read", "clipboard-write"] });
  const studentCtx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const teacher = await teacherCtx.newPage();
  await teacher.goto(stage.server.url + "/");
  await teacher.fill("#title", "Mathématiques 6e B");
  await teacher.fill("#api-key", API_KEY);
  await click(teacher, "button[type=submit]", "create the class");
  await teacher.waitForSelector("#student-link");
  await click(teacher, "#student-link + button", "copy the student link");
  const studentLink = await teacher.evaluate(() => navigator.clipboard.readText());
  assert.equal(studentLink, await teacher.inputValue("#student-link"), "the copied text is the student link");
  await click(teacher, "#open-teacher", "open the class as its teacher");
  await teacher.fill("#display-name", "M. Martin");
  await click(teacher, "#join-button", "enter the class");
  await teacher.waitForFunction(() => window.__ardoise?.boardVisible === true);

  const student = await studentCtx.newPage();
  await student.goto(studentLink);
  await student.fill("#display-name", "Inès");
  await click(student, "#join-button", "the student enters");
  await student.waitForFunction(() => window.__ardoise?.boardVisible === true);

  // The pen is the board's tool from the start: one drag draws.
  const box = await teacher.locator(".board-canvas").boundingBox();
  await teacher.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await teacher.mouse.down();
  for (let i = 1; i <= 10; i++) await teacher.mouse.move(box.x + box.width * (0.3 + i * 0.03), box.y + box.height * (0.4 + i * 0.01));
  await teacher.mouse.up();
  clicks.push("draw a line");
  await student.waitForFunction(() => window.__ardoise.shapeCount() === 1, null, { timeout: 10_000 });

  await click(student, "#raise-hand", "the student raises a hand");
  const toast = teacher.locator(".toast", { hasText: "Inès" });
  await toast.waitFor();
  await screenshot(teacher, "first-class-hand-raised");
  await click(teacher, ".toast button", "the teacher lowers it from the notice");
  await student.waitForFunction(() => document.getElementById("raise-hand").getAttribute("aria-pressed") === "false");

  console.log(`first class: ${clicks.length} clicks — ${clicks.join("; ")}`);
  assert.ok(clicks.length <= MOST_CLICKS, `${clicks.length} clicks: ${clicks.join("; ")}`);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});
