// What a person sees, at the four sizes the classroom is designed for: every screen photographed
// (web/target/screenshots), no page scroll from tablet size up, the board at least 60 % of a laptop's
// viewport, and no serious or critical axe finding on any of them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, join, openChat, screenshot, stroke, waitShapes } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const SIZES = [
  { name: "1920x1080", width: 1920, height: 1080 },
  { name: "1280x800", width: 1280, height: 800 },
  { name: "768x1024", width: 768, height: 1024, touch: true },
  { name: "360x740", width: 360, height: 740, touch: true },
];

let room;
const stage = useServerAndBrowser(async ({ server }) => {
  room = await createRoom(server.url, "Géographie 5e A");
});

const context = (size) => stage.browser.newContext({ locale: "fr-FR", viewport: { width: size.width, height: size.height }, hasTouch: size.touch ?? false, isMobile: size.width < 500 });

/** The page's own scroll, and the share of the viewport the board's canvas covers. */
function measure(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector(".board-canvas").getBoundingClientRect();
    const visible = Math.max(0, Math.min(canvas.bottom, innerHeight) - Math.max(canvas.top, 0)) * Math.max(0, Math.min(canvas.right, innerWidth) - Math.max(canvas.left, 0));
    return { scroll: document.scrollingElement.scrollHeight - innerHeight, hscroll: document.scrollingElement.scrollWidth - innerWidth, board: visible / (innerWidth * innerHeight) };
  });
}

/**
 * The visible, enabled controls that Tab never reaches. Roving members (tabindex -1 in a tablist or a
 * toolbar's radio group) are reached with the arrow keys instead, so they are not asked for here.
 */
async function unreachedByTab(page) {
  const wanted = await page.evaluate(() => {
    const all = [...document.querySelectorAll("button, input, select, textarea, a[href], [tabindex='0']")];
    return all.filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden")
      .map((e, i) => (e.dataset.tabProbe = String(i)));
  });
  const seen = new Set();
  await page.focus("body");
  for (let i = 0; i < wanted.length * 2 + 10; i++) {
    await page.keyboard.press("Tab");
    const probe = await page.evaluate(() => document.activeElement?.dataset?.tabProbe);
    if (probe !== undefined) seen.add(probe);
    if (seen.size === wanted.length) break;
  }
  return page.evaluate((missing) => missing.map((p) => {
    const e = document.querySelector(`[data-tab-probe="${p}"]`);
    return e.id || e.getAttribute("aria-label") || e.textContent.trim() || e.outerHTML.slice(0, 80);
  }), wanted.filter((p) => !seen.has(p)));
}

for (const size of SIZES) {
  test(`the classroom at ${size.name}: board first, no page scroll, every control reachable, axe clean`, async () => {
    const teacherCtx = await context(size);
    const studentCtx = await context(size);
    const landing = await teacherCtx.newPage();
    await landing.goto(stage.server.url + "/");
    await landing.waitForSelector("#title");
    assert.deepEqual(await axeViolations(landing), [], "landing page");
    await screenshot(landing, `layout-${size.name}-landing`);
    await landing.close();
    const teacher = await join(teacherCtx, room.teacher.url, `Mme Prof ${size.name}`);
    const studentPage = await studentCtx.newPage();
    await studentPage.goto(room.student.url);
    await studentPage.waitForSelector("#display-name");
    assert.deepEqual(await axeViolations(studentPage), [], "join page");
    await screenshot(studentPage, `layout-${size.name}-join`);
    await studentPage.fill("#display-name", `Élève ${size.name}`);
    await studentPage.press("#display-name", "Enter");
    await studentPage.waitForFunction(() => window.__ardoise?.boardVisible === true);

    const before = await teacher.evaluate(() => window.__ardoise.shapeCount());
    await stroke(teacher, [0.3, 0.3], [0.6, 0.5]);
    await waitShapes(studentPage, before + 1);

    for (const [who, page] of [["teacher", teacher], ["student", studentPage]]) {
      const seen = await measure(page);
      console.log(`${who} at ${size.name}: the board covers ${(seen.board * 100).toFixed(0)} % of the viewport`);
      assert.ok(seen.hscroll <= 0, `${who} at ${size.name}: the page scrolls sideways by ${seen.hscroll}px`);
      if (size.width >= 768) assert.ok(seen.scroll <= 0, `${who} at ${size.name}: the page scrolls by ${seen.scroll}px`);
      if (size.name === "1280x800") assert.ok(seen.board >= 0.6, `${who}: the board covers ${(seen.board * 100).toFixed(0)} % of the viewport`);
      // The control bar is on screen, whole.
      const bar = await page.locator(".control-bar").boundingBox();
      assert.ok(bar && bar.y + bar.height <= size.height + 1 && bar.y >= 0, `${who} at ${size.name}: the control bar is off screen`);
      assert.deepEqual(await axeViolations(page), [], `${who} at ${size.name}`);
      await screenshot(page, `layout-${size.name}-${who}`);
    }

    // Every control on screen takes the focus from the keyboard alone (Tab), in both roles.
    for (const [who, page] of [["teacher", teacher], ["student", studentPage]]) {
      const unreached = await unreachedByTab(page);
      assert.deepEqual(unreached, [], `${who} at ${size.name}: not reachable with Tab`);
    }

    // The side panel: beside the board on a desktop, a sheet over it on tablets and phones.
    await studentPage.click("#toggle-chat");
    await studentPage.waitForSelector("#side-panel:not([hidden]) #chat-text");
    assert.deepEqual(await axeViolations(studentPage), [], `student panel at ${size.name}`);
    await screenshot(studentPage, `layout-${size.name}-student-chat`);
    await teacher.click("#open-settings");
    await teacher.waitForSelector("#settings-dialog[open]");
    assert.deepEqual(await axeViolations(teacher), [], `settings at ${size.name}`);
    await screenshot(teacher, `layout-${size.name}-teacher-settings`);
    await teacher.keyboard.press("Escape");

    // Leaving leads to a page that says so, with a way back in.
    await studentPage.click("#leave");
    await studentPage.waitForSelector("[data-screen=left]");
    assert.deepEqual(await axeViolations(studentPage), [], `left page at ${size.name}`);
    await screenshot(studentPage, `layout-${size.name}-left`);
    await teacherCtx.close();
    await studentCtx.close();
  });
}

for (const size of [SIZES[1], SIZES[2], SIZES[3]]) {
  test(`at ${size.name} a notice never covers the chat field or its send button`, async () => {
    const notices = await createRoom(stage.server.url, "Histoire 4e A");
    const [teacherCtx, studentCtx] = await Promise.all([context(size), context(SIZES[1])]);
    const teacher = await join(teacherCtx, notices.teacher.url, "Mme Roux");
    // The teacher is typing a reply when a hand goes up.
    await openChat(teacher);
    await teacher.fill("#chat-text", "Je vous réponds tout de suite");
    const student = await join(studentCtx, notices.student.url, "Inès");
    await student.click("#raise-hand");
    const toast = teacher.locator(".toast", { hasText: "Inès" });
    await toast.waitFor();
    const notice = await toast.boundingBox();
    const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const selector of ["#chat-to", "#chat-text", ".chat-form button[type=submit]"]) {
      assert.equal(overlaps(notice, await teacher.locator(selector).boundingBox()), false, `the notice covers ${selector}`);
    }
    assert.ok(notice.x >= 0 && notice.y >= 0 && notice.x + notice.width <= size.width, `the notice is on screen: ${JSON.stringify(notice)}`);
    await screenshot(teacher, `layout-${size.name}-notice-beside-chat`);
    // Both stay usable: the reply is sent, and the hand is lowered from its notice.
    await teacher.press("#chat-text", "Enter");
    await student.waitForFunction(() => window.__ardoise.chat.some((m) => m.text === "Je vous réponds tout de suite"));
    await toast.locator("button").click();
    await student.waitForFunction(() => document.getElementById("raise-hand").getAttribute("aria-pressed") === "false");
    await Promise.all([teacherCtx.close(), studentCtx.close()]);
  });
}

test("the participants' count agrees with its number: 1 connecté, 2 connectés", async () => {
  const counted = await createRoom(stage.server.url, "Histoire 4e A");
  const [teacherCtx, studentCtx] = await Promise.all([context(SIZES[1]), context(SIZES[3])]);
  const teacher = await join(teacherCtx, counted.teacher.url, "Mme Roux");
  const summary = () => teacher.locator("#people-summary").innerText();
  await teacher.waitForFunction(() => document.querySelector("#people-summary")?.textContent.startsWith("1 "));
  assert.match(await summary(), /^1 connecté · /);
  await join(studentCtx, counted.student.url, "Inès");
  await teacher.waitForFunction(() => document.querySelector("#people-summary")?.textContent.startsWith("2 "));
  assert.match(await summary(), /^2 connectés · /);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("every way in that fails gets a page that says what to do, in the reader's language", async () => {
  const broken = room.student.url.replace(/#(.{6})/, "#xxxxxx");
  const elsewhere = room.student.url.replace(/\/c\/[^#]+/, "/c/another-class");
  const cases = [
    ["invalid-link", broken, /ne fonctionne pas/],
    ["wrong-class", elsewhere, /autre classe/],
    ["missing-token", room.student.url.replace(/#.*/, ""), /incomplet/],
    ["not-found", `${stage.server.url}/nowhere/at/all`, /introuvable/],
  ];
  for (const size of SIZES) {
    const ctx = await context(size);
    const page = await ctx.newPage();
    for (const [screen, url, text] of cases) {
      await page.goto(url);
      await page.waitForSelector(`[data-screen=${screen}]`, { timeout: 10_000 });
      assert.match(await page.textContent("h1"), text);
      assert.deepEqual(await axeViolations(page), [], `${screen} at ${size.name}`);
      await screenshot(page, `screen-${screen}-${size.name}`);
    }
    await ctx.close();
  }
  const english = await stage.browser.newContext({ locale: "en-GB" });
  const page = await english.newPage();
  await page.goto(`${stage.server.url}/nowhere`);
  await page.waitForSelector("[data-screen=not-found]");
  assert.equal(await page.textContent("h1"), "Page not found");
  await english.close();
});

test("the landing page logs no console error (Lighthouse's best practices count each one)", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR" });
  const page = await ctx.newPage();
  const errors = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  const asked = page.waitForResponse((response) => response.url().endsWith("/api/v1/me"));
  await page.goto(stage.server.url + "/");
  await page.waitForSelector("#title");
  // The node has no sign-in: it says so with a 200 rather than a failed request the console would show.
  assert.equal((await asked).status(), 200);
  assert.ok(await page.isVisible("#api-key"), "the API key form is the page");
  await page.waitForLoadState("networkidle");
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("without sign-in on the node, Mes classes is a page not found", async () => {
  const ctx = await stage.browser.newContext({ locale: "fr-FR" });
  const page = await ctx.newPage();
  await page.goto(`${stage.server.url}/classes`);
  await page.waitForSelector("[data-screen=not-found]");
  assert.match(await page.textContent("h1"), /introuvable/);
  await ctx.close();
});
