// The waiting room in the browser (issue 17): a teacher makes students wait, lets one in, refuses
// another, closes the class; a waiting student sees a card, and may leave from it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, enter, join, onParticipant, openParticipants, screenshot } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });
const ENTRY = { open: 0, admit: 1, closed: 2 };

/** Chooses who may enter in the settings dialog, and waits until the room says so. */
async function setEntry(teacher, policy) {
  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  await teacher.check(`#entry-${policy}`);
  await teacher.waitForFunction((p) => window.__ardoise.entryPolicy === p, ENTRY[policy]);
  await teacher.click("#close-settings");
}

/** Opens the student link and types a name; resolves once the waiting card is up. */
async function wait(ctx, link, name) {
  const page = await ctx.newPage();
  await enter(page, link, name);
  await page.waitForSelector('body[data-screen="waiting"]');
  return page;
}

const queued = (teacher, count) => teacher.waitForFunction((n) => document.querySelectorAll("#waiting-queue:not([hidden]) li").length === n, count);
const onRoster = (page, name) => page.waitForSelector(`.participants li .name:text-is("${name}")`, { state: "attached" });

test("a teacher lets one student in, refuses another, then closes the class", async () => {
  const room = await createRoom(stage.server.url, "Histoire 5C");
  const [teacherCtx, aCtx, bCtx, cCtx] = await Promise.all([context(DESKTOP), context(PHONE), context(DESKTOP), context(DESKTOP)]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Roux");
  await teacher.click("#open-settings");
  await teacher.waitForSelector("#settings-dialog[open]");
  assert.ok(await teacher.isChecked("#entry-open"), "a class opens to anyone with the link");
  await teacher.click("#close-settings");
  await setEntry(teacher, "admit");

  const alice = await wait(aCtx, room.student.url, "Alice");
  const bruno = await wait(bCtx, room.student.url, "Bruno");
  assert.equal(await alice.locator(".waiting-card h1").innerText(), "Histoire 5C");
  assert.match(await alice.locator(".waiting-card").innerText(), /Un enseignant va vous faire entrer/);
  assert.deepEqual(await axeViolations(alice), [], "waiting card at 360");
  assert.deepEqual(await axeViolations(bruno), [], "waiting card at 1280");
  await screenshot(alice, "waiting-card-360");
  await screenshot(bruno, "waiting-card-1280");

  // The teacher hears of each, and sees both in the queue, oldest first, with a count on the control.
  await teacher.waitForSelector('.toast:has-text("Bruno attend d\'entrer")');
  await openParticipants(teacher);
  await queued(teacher, 2);
  assert.equal(await teacher.locator("#waiting-title").innerText(), "En attente (2)");
  assert.deepEqual(await teacher.locator("#waiting-queue .name").allInnerTexts(), ["Alice", "Bruno"]);
  assert.match(await teacher.locator("#waiting-queue li").first().innerText(), /depuis un instant/);
  assert.match(await teacher.locator("#toggle-participants .count.unread").innerText(), /2/);
  assert.deepEqual(await axeViolations(teacher), [], "queue at 1280");
  await screenshot(teacher, "waiting-queue-1280");

  await teacher.click('#waiting-queue button[aria-label="Admettre Alice"]');
  await alice.waitForFunction(() => window.__ardoise?.boardVisible === true);
  await openParticipants(alice);
  await Promise.all([onRoster(teacher, "Alice"), onRoster(alice, "Alice")]);
  await queued(teacher, 1);
  // Made co-teacher while Bruno waits, Alice sees the queue at once (the room sends her a new Welcome).
  await onParticipant(teacher, await alice.evaluate(() => window.__ardoise.participantId), "make-teacher");
  await alice.waitForFunction(() => window.__ardoise.role === 1);
  await openParticipants(alice);
  await queued(alice, 1);
  assert.deepEqual(await alice.locator("#waiting-queue .name").allInnerTexts(), ["Bruno"]);
  await screenshot(alice, "waiting-queue-co-teacher-360");
  await teacher.click('#waiting-queue button[aria-label="Refuser Bruno"]');
  await bruno.waitForSelector('body[data-reason="refused"]');
  await teacher.waitForSelector("#waiting-queue", { state: "hidden" });
  await alice.waitForSelector("#waiting-queue", { state: "hidden" });
  assert.ok(await teacher.isHidden("#toggle-participants .count.unread"), "no badge once nobody waits");

  // Closed: a newcomer gets a page that says so; Alice, already in, stays.
  await setEntry(teacher, "closed");
  const chloe = await cCtx.newPage();
  await enter(chloe, room.student.url, "Chloé");
  await chloe.waitForSelector('body[data-reason="closed"]');
  assert.equal(await chloe.locator("h1").innerText(), "La classe est fermée");
  await screenshot(chloe, "waiting-closed-1280");
  assert.equal(await alice.evaluate(() => document.body.dataset.screen), "classroom");
  await onRoster(teacher, "Alice");
  await Promise.all([teacherCtx, aCtx, bCtx, cCtx].map((ctx) => ctx.close()));
});

test("a waiting student leaves from the card; another is let in from the teacher's notice, on a phone", async () => {
  const room = await createRoom(stage.server.url, "Maths 4B");
  const [teacherCtx, dCtx, eCtx] = await Promise.all([context(PHONE), context(DESKTOP), context(PHONE)]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Martin");
  await setEntry(teacher, "admit");

  const david = await wait(dCtx, room.student.url, "David");
  await openParticipants(teacher);
  await queued(teacher, 1);
  await david.click("#leave-waiting");
  await david.waitForSelector('body[data-reason="left"]');
  await teacher.waitForSelector("#waiting-queue", { state: "hidden" });

  const emma = await wait(eCtx, room.student.url, "Emma");
  await queued(teacher, 1);
  assert.deepEqual(await axeViolations(teacher), [], "queue at 360");
  await screenshot(teacher, "waiting-queue-360");
  await teacher.click('.toast:has-text("Emma attend d\'entrer") button');
  await emma.waitForFunction(() => window.__ardoise?.boardVisible === true);
  await onRoster(teacher, "Emma");
  await Promise.all([teacherCtx, dCtx, eCtx].map((ctx) => ctx.close()));
});
