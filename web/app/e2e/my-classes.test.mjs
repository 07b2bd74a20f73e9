// "Mes classes" (/classes) with sign-in on (ARDOISE_AUTH=dev): a teacher creates, renames, archives, shares,
// renews, ends, exports and deletes classes from the list, and a student in another browser context sees each change.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { axeViolations, join, screenshot, stroke, waitShapes } from "./helpers.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser(async () => {}, { auth: "dev" });
const TEACHER = "Mme Martin";

/** Signs in as TEACHER through the dev form, then opens "Mes classes" from the landing page. */
async function signIn(page) {
  await page.goto(stage.server.url + "/");
  await page.click("#sign-in");
  await page.fill("input[name=name]", TEACHER);
  await page.click("button[type=submit]");
  await page.click("#my-classes");
  await page.waitForURL(/\/classes$/);
  await page.waitForSelector("#current-heading");
}

function card(page, title) {
  return page.locator("li.class-card", { has: page.locator("h3", { hasText: new RegExp(`^${title}$`) }) });
}

async function act(page, title, action) {
  await (await menuItem(page, title, action)).click();
}

/** Opens the class's menu and answers its item once shown. */
async function menuItem(page, title, action) {
  await card(page, title).locator(".menu-button").click();
  const item = card(page, title).locator(`[role=menuitem][data-action=${action}]`);
  await item.waitFor({ state: "visible", timeout: 5_000 });
  return item;
}

/** The same by keyboard, as someone who follows the focus does: the menu button, Enter, arrows to the item, Enter. */
async function actByKeyboard(page, title, action) {
  await card(page, title).locator(".menu-button").focus();
  await page.keyboard.press("Enter");
  for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.dataset.action)) !== action; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
}

/** Waits until the focus is on the control `selector` (of the card of `title`, when given), where a keyboard goes on from. */
async function focusOn(page, selector, title) {
  await page.waitForFunction(([selector, title]) => {
    const active = document.activeElement;
    const card = active?.closest("li.class-card")?.querySelector("h3")?.textContent;
    return active?.matches(selector) && (title === undefined || card === title);
  }, [selector, title]);
}

async function studentLink(page, title) {
  return card(page, title).locator("input[id^=student-link-]").inputValue();
}

test("a teacher manages their classes from the list", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 }, permissions: ["clipboard-read", "clipboard-write"] });
  // Time flows as usual; the clock only lets the test skip ahead to the list's next refresh below.
  await ctx.clock.install();
  const page = await ctx.newPage();
  // Signed out, the page sends to the landing page, which offers to sign in.
  await page.goto(stage.server.url + "/classes");
  await page.waitForSelector("#sign-in");
  await signIn(page);
  assert.ok(await page.isVisible("#no-classes"), "the empty list says so");
  assert.deepEqual(await axeViolations(page), [], "empty");
  await screenshot(page, "my-classes-empty-1280");

  for (const title of ["Maths 4B", "Histoire 5A"]) {
    await page.fill("#new-class-title", title);
    await page.press("#new-class-title", "Enter");
    await card(page, title).waitFor();
  }
  assert.deepEqual(await page.locator("#current-classes h3").allInnerTexts(), ["Histoire 5A", "Maths 4B"], "newest first");
  assert.equal(await card(page, "Maths 4B").locator(".presence").innerText(), "aucun participant");

  await act(page, "Histoire 5A", "rename");
  await page.fill("#ask-text-field", "Histoire-géo 5A");
  assert.deepEqual(await axeViolations(page), [], "the rename dialog");
  await page.click("#ask-text-ok");
  await card(page, "Histoire-géo 5A").waitFor();

  await act(page, "Histoire-géo 5A", "archive");
  await page.locator("#archived-classes", { has: card(page, "Histoire-géo 5A") }).waitFor({ state: "attached" });
  assert.ok(await card(page, "Histoire-géo 5A").isHidden(), "the archived section starts folded");
  assert.deepEqual(await page.locator("#current-classes h3").allInnerTexts(), ["Maths 4B"]);
  // The card went where the keyboard cannot follow (folded): the focus goes where it went.
  await focusOn(page, "#archived-section summary");
  await page.keyboard.press("Enter");
  assert.ok(await card(page, "Histoire-géo 5A").isVisible());
  // Back and forth with the section open, the focus stays on the moved card's menu button.
  await actByKeyboard(page, "Histoire-géo 5A", "unarchive");
  await page.locator("#current-classes", { has: card(page, "Histoire-géo 5A") }).waitFor({ state: "attached" });
  await focusOn(page, ".menu-button", "Histoire-géo 5A");
  await screenshot(page, "my-classes-unarchived-focus-1280");
  await act(page, "Histoire-géo 5A", "archive");
  await page.locator("#archived-classes", { has: card(page, "Histoire-géo 5A") }).waitFor({ state: "attached" });
  await focusOn(page, ".menu-button", "Histoire-géo 5A");

  // The student link goes by the clipboard, as a teacher shares it.
  await card(page, "Maths 4B").locator(".link button").click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, await studentLink(page, "Maths 4B"));
  const studentCtx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  // A menu left open must stay open through the refresh: the node signs the links afresh on every listing, and
  // that alone once drew every card anew each 15 s.
  await card(page, "Maths 4B").locator(".menu-button").click();
  await card(page, "Maths 4B").evaluateHandle((element) => (element.dataset.before = "refresh"));
  const student = await join(studentCtx, link, "Léa");
  // The list refreshes by itself every 15 s: the page's clock goes there at once.
  await page.clock.fastForward(15_000);
  await card(page, "Maths 4B").locator(".presence", { hasText: "en direct · 1 participant" }).waitFor({ timeout: 10_000 });
  assert.equal(await card(page, "Maths 4B").getAttribute("data-before"), "refresh", "the card is the one drawn before the refresh");
  assert.ok(await card(page, "Maths 4B").locator("[role=menuitem][data-action=export]").isVisible(), "its menu is still open");
  await page.keyboard.press("Escape");
  assert.deepEqual(await axeViolations(page), [], "with a live class and the archived section open");
  await screenshot(page, "my-classes-1280");

  // Attendance, from the list as well as inside the class: who is there now, read with the class's teacher link.
  await act(page, "Maths 4B", "attendance");
  await page.waitForSelector("#attendance-dialog[open] .attendance-table tbody tr");
  assert.match(await page.locator("#attendance-dialog .attendance-table").innerText(), /Léa/);
  await screenshot(page, "my-classes-attendance-1280");
  await page.setViewportSize({ width: 360, height: 740 });
  await screenshot(page, "my-classes-attendance-360");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.click("#close-attendance");
  await page.waitForSelector("#attendance-dialog", { state: "detached" });

  await act(page, "Maths 4B", "renew");
  await page.click("#confirm-yes");
  await page.waitForFunction(([old]) => [...document.querySelectorAll("input[id^=student-link-]")].every((input) => input.value !== old), [link]);
  const late = await studentCtx.newPage();
  await late.goto(link);
  await late.waitForSelector('body[data-reason="revoked-link"]');

  await act(page, "Maths 4B", "end");
  await page.click("#confirm-yes");
  await student.waitForSelector('body[data-reason="ended"]', { timeout: 10_000 });

  // Its data first, as an access request asks: the zip of everything stored about it.
  const exportItem = await menuItem(page, "Histoire-géo 5A", "export");
  await screenshot(page, "my-classes-menu-1280");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), exportItem.click()]);
  assert.match(download.suggestedFilename(), /^class-[a-z0-9-]+\.zip$/);
  const zip = readFileSync(await download.path());
  assert.equal(zip.subarray(0, 2).toString(), "PK", "a zip");
  assert.ok(zip.includes("class.json"), "with class.json");

  const doomed = await studentLink(page, "Histoire-géo 5A");
  await act(page, "Histoire-géo 5A", "delete");
  assert.match(await page.locator("#confirm-text").innerText(), /effacés définitivement/);
  await screenshot(page, "my-classes-delete-1280");
  await page.click("#confirm-yes");
  await card(page, "Histoire-géo 5A").waitFor({ state: "detached" });
  assert.ok(await page.isHidden("#archived-section"), "no archived class left");
  await late.goto(doomed);
  await late.waitForSelector('body[data-reason="unknown-class"]');
  await studentCtx.close();
  await ctx.close();
});

test("my classes at 360×740, with a class's menu open", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await signIn(page);
  await page.fill("#new-class-title", "Sciences physiques et chimiques 3e");
  await page.press("#new-class-title", "Enter");
  await card(page, "Sciences physiques et chimiques 3e").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, "no sideways scroll");
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "my-classes-360");
  await card(page, "Sciences physiques et chimiques 3e").locator(".menu-button").click();
  await screenshot(page, "my-classes-menu-360");
  await page.keyboard.press("Escape");
  await actByKeyboard(page, "Sciences physiques et chimiques 3e", "archive");
  await focusOn(page, "#archived-section summary");
  await screenshot(page, "my-classes-archived-focus-360");
  await ctx.close();
});

test("a teacher replays a class from the list, with the session and no link", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page);
  await page.fill("#new-class-title", "Revue 6C");
  await page.press("#new-class-title", "Enter");
  await card(page, "Revue 6C").waitFor();
  const teacherUrl = await card(page, "Revue 6C").locator("a.open-teacher").getAttribute("href");
  const inClass = await join(ctx, new URL(teacherUrl, stage.server.url).href, TEACHER);
  await stroke(inClass, [0.3, 0.3], [0.6, 0.5]);
  await waitShapes(inClass, 1);
  const digest = await inClass.evaluate(() => window.__ardoise.digest());
  await inClass.close();

  await card(page, "Revue 6C").locator(".menu-button").click();
  await card(page, "Revue 6C").locator("[role=menuitem][data-action=replay]").waitFor();
  await screenshot(page, "my-classes-menu-replay-1280");
  await page.keyboard.press("Escape");
  await act(page, "Revue 6C", "replay");
  await page.waitForURL(/\/c\/[A-Za-z0-9_-]+\/replay$/);
  await page.waitForFunction(() => window.__ardoiseReplay !== undefined);
  await page.focus("#replay-timeline");
  await page.keyboard.press("End");
  assert.equal(await page.evaluate(() => window.__ardoiseReplay.digest()), digest, "the board as the class left it");
  await ctx.close();
});
