// The replay of a class from its journal, in Chromium: it ends on the board the class shows live (same digest) and
// its chat; play, pause, 1×/2×/4× and a timeline that the keyboard moves; students only once a teacher lets them,
// and then without the private messages. Screenshots at 1280×800 and 360×740.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, chatTexts, join, say, screenshot, seesMessage, setSwitch, stroke, waitShapes } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
let room;
let teacher;
let student;
let live;
const stage = useServerAndBrowser(async ({ server, browser }) => {
  room = await createRoom(server.url, "Sciences 4B");
  teacher = await join(await browser.newContext({ locale: "fr-FR", viewport: DESKTOP }), room.teacher.url, "Mme Roux");
  student = await join(await browser.newContext({ locale: "fr-FR", viewport: DESKTOP }), room.student.url, "Léa");
  // A class of a few seconds: strokes, public chat from both, a private message.
  await stroke(teacher, [0.2, 0.3], [0.5, 0.4]);
  await waitShapes(student, 1);
  await say(teacher, "Bonjour à tous");
  await say(student, "Bonjour madame");
  await teacher.waitForTimeout(1500);
  await stroke(teacher, [0.3, 0.6], [0.7, 0.5]);
  await say(teacher, "Pour Léa seulement", "Léa");
  await seesMessage(student, "Pour Léa seulement");
  await teacher.waitForTimeout(1500);
  await stroke(teacher, [0.6, 0.2], [0.8, 0.7]);
  await waitShapes(student, 3);
  live = { digest: await teacher.evaluate(() => window.__ardoise.digest()), chat: await chatTexts(teacher) };
});

/** The replay page, opened from the teacher's settings as a teacher does. */
async function openAsTeacher(viewport) {
  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  const href = await teacher.getAttribute("#open-replay", "href");
  await teacher.click("#close-settings");
  const page = await (await stage.browser.newContext({ locale: "fr-FR", viewport })).newPage();
  await page.goto(new URL(href, stage.server.url).href);
  await page.waitForFunction(() => window.__ardoiseReplay !== undefined);
  return page;
}

const state = (page) => page.evaluate(() => ({ ...window.__ardoiseReplay, chat: window.__ardoiseReplay.chat, participants: window.__ardoiseReplay.participants }));

test("the replay ends on the live board and chat, and plays, pauses, seeks and changes speed", async () => {
  const page = await openAsTeacher(DESKTOP);
  assert.match(await page.locator("#replay-title").innerText(), /Sciences 4B/);
  let now = await state(page);
  assert.equal(now.now, 0);
  assert.equal(await page.evaluate(() => window.__ardoiseReplay.shapeCount()), 0, "the class starts on its blank first page");

  // The end, from the keyboard: the timeline is a slider.
  await page.focus("#replay-timeline");
  await page.keyboard.press("End");
  now = await state(page);
  assert.equal(now.now, now.duration);
  assert.equal(await page.evaluate(() => window.__ardoiseReplay.digest()), live.digest, "the replayed board is the live one");
  assert.deepEqual(now.chat, live.chat, "the replayed chat is the live one, private message included for a teacher");
  assert.deepEqual([...now.participants].sort(), ["Léa", "Mme Roux"]);
  assert.match(await page.locator("#replay-time").innerText(), /sur/);

  // Back to the start and one step on: Home, then an arrow moves a second.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  assert.equal((await state(page)).now, 1000);

  // Half way: the first stroke is there, the last not yet.
  await page.evaluate(() => window.__ardoiseReplay.timeSeek(window.__ardoiseReplay.duration / 2));
  const middle = await page.evaluate(() => window.__ardoiseReplay.shapeCount());
  assert.ok(middle >= 1 && middle < 3, `half way, ${middle} of 3 strokes`);
  assert.deepEqual(await axeViolations(page), [], "the replay page");
  await screenshot(page, "replay-1280");

  // Play at 4×: the replay's clock runs about four times as fast as the wall's; pause stops it.
  await page.keyboard.press("Home");
  await page.check("#replay-speed-4", { force: true });
  assert.equal((await state(page)).rate, 4);
  await page.click("#replay-play");
  const rate = await page.evaluate(async () => {
    const replay = window.__ardoiseReplay;
    const [from, began] = [replay.now, performance.now()];
    await new Promise((resolve) => setTimeout(resolve, 400));
    return (replay.now - from) / (performance.now() - began);
  });
  assert.ok(rate > 2.5 && rate < 4.5, `the clock ran at ${rate.toFixed(2)}× the wall's`);
  await page.click("#replay-play");
  const paused = (await state(page)).now;
  assert.equal((await state(page)).playing, false);
  await page.waitForTimeout(300);
  assert.equal((await state(page)).now, paused, "paused, the clock stands");
  // Played to its end, it stops there on the live board.
  await page.check("#replay-speed-1", { force: true });
  await page.click("#replay-play");
  await page.waitForFunction(() => !window.__ardoiseReplay.playing, null, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => window.__ardoiseReplay.digest()), live.digest);
  await page.context().close();
});

test("the settings offer the replay and its switch, at 1280×800 and 360×740", async () => {
  const phone = await join(await stage.browser.newContext({ locale: "fr-FR", viewport: PHONE, hasTouch: true, isMobile: true }), room.teacher.url, "Mme Roux (téléphone)");
  for (const [name, page] of [["1280", teacher], ["360", phone]]) {
    await page.click("#open-settings");
    await page.waitForSelector("#settings-dialog[open]");
    await page.locator("#open-replay").scrollIntoViewIfNeeded();
    assert.match(await page.getAttribute("#open-replay", "href"), new RegExp(`^/c/${room.roomId}/replay#`));
    assert.equal(await page.isChecked("#students-may-replay"), false);
    await screenshot(page, `replay-settings-${name}`);
    await page.click("#close-settings");
  }
  await phone.context().close();
});

test("the replay at 360×740", async () => {
  const page = await openAsTeacher(PHONE);
  await page.evaluate(() => window.__ardoiseReplay.timeSeek(window.__ardoiseReplay.duration * 0.8));
  assert.deepEqual(await axeViolations(page), [], "the replay page on a phone");
  await screenshot(page, "replay-360");
  await page.context().close();
});

test("a student opens the replay only once a teacher lets them, and sees no private message", async () => {
  const page = await (await stage.browser.newContext({ locale: "fr-FR", viewport: DESKTOP })).newPage();
  const replayUrl = `${stage.server.url}/c/${room.roomId}/replay${new URL(room.student.url).hash}`;
  await page.goto(replayUrl);
  await page.waitForSelector('body[data-reason="replay-refused"]');
  await screenshot(page, "replay-refused-1280");

  await setSwitch(teacher, "students-may-replay", true);
  await student.waitForFunction(() => true);
  await page.goto("about:blank");
  await page.goto(replayUrl);
  await page.waitForFunction(() => window.__ardoiseReplay !== undefined);
  await page.focus("#replay-timeline");
  await page.keyboard.press("End");
  const seen = await state(page);
  assert.equal(await page.evaluate(() => window.__ardoiseReplay.digest()), live.digest, "the same board");
  assert.deepEqual(seen.chat, live.chat.filter((text) => text !== "Pour Léa seulement"), "public chat only: a link names no one");
  await page.context().close();
});

test("once the class has ended, a student allowed to replay it is offered the replay", async () => {
  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  await teacher.click("#end-class");
  await teacher.click("#confirm-yes");
  await student.waitForSelector('body[data-reason="ended"]', { timeout: 10_000 });
  assert.equal(await student.locator("#screen-action").innerText(), "Revoir la classe");
  await screenshot(student, "replay-ended-offer-1280");
  await student.click("#screen-action");
  await student.waitForFunction(() => window.__ardoiseReplay !== undefined);
  assert.ok((await state(student)).events > 0);
});
