// What a participant does on the page, in the words of the tests.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join as joinPath } from "node:path";
import { REPO } from "./server.mjs";

export const SHOTS = joinPath(REPO, "web/target/screenshots");
mkdirSync(SHOTS, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function screenshot(page, name) {
  await page.screenshot({ path: joinPath(SHOTS, `${name}.png`), fullPage: true });
}

/** Opens the link and types `name` into the join page, then Enter, as a person does. */
export async function enter(page, link, name) {
  await page.goto(link);
  await page.fill("#display-name", name);
  await page.press("#display-name", "Enter");
}

/** Opens the link and joins with `name`; resolves once the classroom (and its board) is shown. */
export async function join(context, link, name) {
  const page = await context.newPage();
  await enter(page, link, name);
  await page.waitForFunction(() => window.__ardoise?.boardVisible === true);
  return page;
}

/** Opens the Discussion tab of the side panel, as a person does before writing. */
export async function openChat(page) {
  if (!(await page.isVisible("#chat-text"))) await page.click("#toggle-chat");
  await page.waitForSelector("#chat-text", { state: "visible" });
}

/** Opens the Participants tab (on a phone, through the panel the Discussion control opens). */
export async function openParticipants(page) {
  if (await page.isVisible(".participants")) return;
  if (await page.isHidden("#side-panel")) await page.click((await page.isVisible("#toggle-participants")) ? "#toggle-participants" : "#toggle-chat");
  if (!(await page.isVisible(".participants"))) await page.click("#tab-participants");
  await page.waitForSelector(".participants", { state: "visible" });
}

/** The row actions that ask first ("remove", "make-teacher"): a person confirms them in a dialog. */
export const CONFIRMED_ACTIONS = ["remove", "make-teacher"];

/** A teacher's action on a participant's row, through the row's menu (and its confirm step, for those that ask). */
export async function onParticipant(page, participantId, action) {
  await openParticipants(page);
  await page.click(`[data-menu="${participantId}"]`);
  await page.click(`[role=menu]:not([hidden]) [data-action="${action}"]`);
  if (CONFIRMED_ACTIONS.includes(action)) {
    await page.waitForSelector(".confirm-dialog[open]");
    await page.click("#confirm-yes");
  }
}

/** Sets one of the class's switches in the settings dialog, then closes it. */
export async function setSwitch(page, id, on) {
  await page.click("#open-settings");
  await page.waitForSelector("#settings-dialog[open]");
  if (on) await page.check(`#${id}`);
  else await page.uncheck(`#${id}`);
  await page.click("#close-settings");
}

export async function say(page, text, toName = "") {
  await openChat(page);
  if (toName) await page.selectOption("#chat-to", { label: toName });
  else await page.selectOption("#chat-to", "");
  await page.fill("#chat-text", text);
  await page.press("#chat-text", "Enter");
}

export function seesMessage(page, text, timeout = 10_000) {
  return page.waitForFunction((t) => window.__ardoise.chat.some((m) => m.text === t), text, { timeout });
}

export function chatTexts(page) {
  return page.evaluate(() => window.__ardoise.chat.map((m) => m.text));
}

/** A pen stroke across the canvas, from (x1, y1) to (x2, y2) in fractions of its size. */
export async function stroke(page, [x1, y1], [x2, y2]) {
  const box = await page.locator(".board-canvas").boundingBox();
  await page.mouse.move(box.x + box.width * x1, box.y + box.height * y1);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + box.width * (x1 + ((x2 - x1) * i) / 12), box.y + box.height * (y1 + ((y2 - y1) * i) / 12));
  }
  await page.mouse.up();
}

/** Where the page point (x, y) (page units) is on screen, through the board's camera. */
export async function screenOf(page, [x, y]) {
  const box = await page.locator(".board-canvas").boundingBox();
  const camera = await page.evaluate(() => window.__ardoise.camera());
  const scale = camera.zoom / 10;
  return [box.x + (x - camera.x) * scale, box.y + (y - camera.y) * scale];
}

/** The page point (page units) under the screen point (sx, sy), through the board's camera. */
export async function pageOf(page, [sx, sy]) {
  const box = await page.locator(".board-canvas").boundingBox();
  const camera = await page.evaluate(() => window.__ardoise.camera());
  const scale = camera.zoom / 10;
  return [camera.x + (sx - box.x) / scale, camera.y + (sy - box.y) / scale];
}

/** A drag in screen pixels from `from` to `to`, in small steps (a pen stroke, an eraser sweep, a pan). */
export async function drag(page, [x1, y1], [x2, y2], steps = 12) {
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  await page.mouse.move(x2, y2, { steps });
  await page.mouse.up();
}

export function shapeCount(page) {
  return page.evaluate(() => window.__ardoise.shapeCount());
}

export function waitShapes(page, count) {
  return page.waitForFunction((n) => window.__ardoise.shapeCount() === n, count, { timeout: 10_000 });
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol: an injected <script> would (rightly) be refused by our CSP.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Waits until some shape of the page's board satisfies `predicate(shape, arg)` (see window.__ardoise.shapes()). */
export async function shapeWhere(page, predicate, arg, timeout = 10_000) {
  // Tested here rather than in the page: the CSP (rightly) refuses to compile a predicate there.
  const deadline = Date.now() + timeout;
  for (;;) {
    const shapes = await page.evaluate(() => window.__ardoise.shapes());
    if (shapes.some((shape) => predicate(shape, arg))) return;
    if (Date.now() > deadline) throw new Error(`no shape matches ${predicate}: ${JSON.stringify(shapes)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until two clients' whole replicas (stamps and tombstones included) have the same digest. */
export async function sameDigest(a, b, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const [da, db] = await Promise.all([a.evaluate(() => window.__ardoise.digest()), b.evaluate(() => window.__ardoise.digest())]);
    if (da === db) return;
    if (Date.now() > deadline) throw new Error(`the replicas differ: ${da} != ${db}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Polls `probe` (async, truthy when done) every `every` ms until it holds, and answers its value; the failure names
 * `what` and the last value seen.
 */
export async function until(probe, timeout, what, every = 200) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The most frames `page` decoded of `owner`'s video on its present connections (0 when none arrives). */
export async function framesFrom(page, owner) {
  const inbound = await page.evaluate(() => window.__ardoise.media.inbound());
  return Math.max(0, ...inbound.filter((s) => s.kind === "video" && s.owner === owner).map((s) => s.framesDecoded));
}
