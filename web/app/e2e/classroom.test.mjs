// The browser client end to end: one server and one Chromium for every case, a context per participant.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, chatTexts, drag, join, onParticipant, openChat, openParticipants, pageOf, say, screenOf, setSwitch, screenshot, seesMessage, shapeCount, shapeWhere, stroke, sameDigest, until, waitShapes } from "./helpers.mjs";
import { API_KEY, createRoom } from "./server.mjs";
import { useServerAndBrowser } from "./stage.mjs";

const stage = useServerAndBrowser();

async function context(options = {}) {
  return stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 900 }, ...options });
}

test("the landing page creates a class and shows both links and the student QR code", async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(stage.server.url + "/");
  assert.deepEqual(await axeViolations(page), []);
  await page.fill("#title", "Histoire 4B");
  await page.fill("#api-key", API_KEY);
  await page.press("#api-key", "Enter");
  await page.waitForSelector("#student-link");
  const student = await page.inputValue("#student-link");
  const teacher = await page.inputValue("#teacher-link");
  assert.match(student, new RegExp(`^${stage.server.url}/c/[^#]+#.+`));
  assert.match(teacher, /\/c\/[^#]+#.+/);
  assert.notEqual(student, teacher);
  assert.ok(await page.locator("img.qr").evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code renders");
  assert.equal(await page.evaluate(() => localStorage.getItem("ardoise.apiKey")), API_KEY);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "1-landing");
  await ctx.close();
});

test("a teacher invites a latecomer from the Participants tab: the class's student link and its QR code", async () => {
  const room = await createRoom(stage.server.url, "Latin 3C");
  const [teacherCtx, lateCtx] = await Promise.all([context(), context({ viewport: { width: 360, height: 740 } })]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Caton");
  const student = await join(await context(), room.student.url, "Tite");
  await openParticipants(teacher);
  await teacher.click("#invite");
  await teacher.waitForSelector("#invite-student-link");
  const url = await teacher.inputValue("#invite-student-link");
  assert.match(url, new RegExp(`/c/${room.roomId}#.+`));
  assert.ok(await teacher.locator("#invite-dialog img.qr").evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code renders");
  assert.deepEqual(await axeViolations(teacher), [], "the invitation");
  await screenshot(teacher, "invite-1280");
  await teacher.setViewportSize({ width: 360, height: 740 });
  await screenshot(teacher, "invite-360");
  await teacher.click("#close-invite");

  const late = await join(lateCtx, url, "Brutus");
  assert.equal(await late.evaluate(() => window.__ardoise.role), 2, "a student (Role.STUDENT)");
  await openParticipants(student);
  assert.ok(await student.isHidden("#invite"), "no invitation for a student");
  await Promise.all([teacherCtx.close(), lateCtx.close(), student.context().close()]);
});

test("a student joins by the link; chat both ways; a private message reaches only its recipient and teachers", async () => {
  const room = await createRoom(stage.server.url, "Sciences 5A");
  const [teacherCtx, aliceCtx, bobCtx] = await Promise.all([context(), context(), context({ viewport: { width: 360, height: 740 } })]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Curie");

  // The fields are capped by the server's limits, not by numbers of the browser's own: the name from
  // GET /api/v1/limits, the chat box (below) from the Welcome.
  const limits = await (await fetch(`${stage.server.url}/api/v1/limits`)).json();
  assert.ok(limits.maxNameChars > 0 && limits.maxChatChars > 0, JSON.stringify(limits));
  const joinPage = await aliceCtx.newPage();
  await joinPage.goto(room.student.url);
  await joinPage.waitForFunction((max) => document.getElementById("display-name")?.maxLength === max, limits.maxNameChars);
  assert.deepEqual(await axeViolations(joinPage), []);
  await screenshot(joinPage, "2-join");
  await joinPage.close();

  const alice = await join(aliceCtx, room.student.url, "Alice");
  const bob = await join(bobCtx, room.student.url, "Bob");
  await teacher.waitForFunction(() => document.querySelectorAll(".participants li").length === 3);
  assert.equal(await alice.evaluate(() => window.__ardoise.role), 2, "the student link gives the student role");
  assert.equal(await alice.locator("#chat-text").evaluate((input) => input.maxLength), limits.maxChatChars);

  await say(teacher, "Bonjour la classe");
  await seesMessage(alice, "Bonjour la classe");
  await seesMessage(bob, "Bonjour la classe");
  await say(alice, "Bonjour madame");
  await seesMessage(teacher, "Bonjour madame");

  await say(alice, "Une question privée", "Mme Curie");
  await seesMessage(teacher, "Une question privée");
  await say(bob, "Après le secret");
  await seesMessage(alice, "Après le secret");
  await seesMessage(bob, "Après le secret");
  assert.ok(!(await chatTexts(bob)).includes("Une question privée"), "a third participant does not see a private message");
  assert.ok(!(await bob.locator(".chat-log").innerText()).includes("Une question privée"));

  await alice.click("#raise-hand");
  await openParticipants(teacher);
  await teacher.waitForSelector(".participants .hand");
  assert.deepEqual(await axeViolations(teacher), []);
  assert.deepEqual(await axeViolations(bob), []);
  await screenshot(teacher, "3-classroom-teacher");
  await screenshot(bob, "4-classroom-student-360px");
  await Promise.all([teacherCtx.close(), aliceCtx.close(), bobCtx.close()]);
});

test("the teacher draws and the student sees it; once allowed, the student draws and the teacher sees it", async () => {
  const room = await createRoom(stage.server.url, "Géométrie");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Thalès");
  const student = await join(studentCtx, room.student.url, "Zoé");

  // While the pen is down the student sees the stroke grow, with its author as the room relays it.
  const tbox = await teacher.locator(".board-canvas").boundingBox();
  await teacher.mouse.move(tbox.x + tbox.width * 0.1, tbox.y + tbox.height * 0.2);
  await teacher.mouse.down();
  await teacher.mouse.move(tbox.x + tbox.width * 0.2, tbox.y + tbox.height * 0.25, { steps: 4 });
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
  await student.waitForFunction((id) => window.__ardoise.liveStrokeAuthors().includes(id), teacherId);
  await teacher.mouse.move(tbox.x + tbox.width * 0.6, tbox.y + tbox.height * 0.5, { steps: 8 });
  await teacher.mouse.up();
  await waitShapes(student, 1);
  await student.waitForFunction(() => window.__ardoise.liveStrokeAuthors().length === 0, null, { timeout: 10_000 });
  const [teacherShapes, studentShapes] = await Promise.all([
    teacher.evaluate(() => window.__ardoise.shapes()),
    student.evaluate(() => window.__ardoise.shapes()),
  ]);
  assert.deepEqual(studentShapes, teacherShapes);
  assert.equal(studentShapes[0].kind, "SHAPE_KIND_PEN");
  assert.equal(await student.evaluate(() => window.__ardoise.viewDigest()), await teacher.evaluate(() => window.__ardoise.viewDigest()));
  await screenshot(student, "5-student-sees-teacher-stroke");

  // Not allowed yet: the student's toolbar is hidden and a gesture draws nothing, it only moves the student's view.
  assert.equal(await student.locator(".board-toolbar").isVisible(), false);
  const view0 = await student.evaluate(() => window.__ardoise.camera());
  await stroke(student, [0.2, 0.7], [0.4, 0.8]);
  assert.equal(await shapeCount(student), 1);
  assert.notDeepEqual(await student.evaluate(() => window.__ardoise.camera()), view0, "the student panned");
  const onTeacherStroke = await pageOf(teacher, [tbox.x + tbox.width * 0.35, tbox.y + tbox.height * 0.35]);

  await setSwitch(teacher, "students-may-draw", true);
  await student.waitForSelector(".board-toolbar", { state: "visible" });
  await stroke(student, [0.2, 0.7], [0.4, 0.8]);
  await waitShapes(teacher, 2);
  const owners = await teacher.evaluate(() => window.__ardoise.shapes().map((s) => s.owner));
  const studentId = await student.evaluate(() => window.__ardoise.participantId);
  assert.ok(owners.includes(studentId), "the student's stroke is on the teacher's board");

  // A student selects only its own shapes: the teacher's stroke stays unselected, its own gets the bar.
  await student.click("button[data-tool='select']");
  const sbox = await student.locator(".board-canvas").boundingBox();
  await student.mouse.click(...(await screenOf(student, onTeacherStroke)));
  assert.equal(await student.evaluate(() => window.__ardoise.selected), undefined, "another's shape cannot be selected");
  assert.equal(await student.locator(".board-selection").isVisible(), false, "nothing to recolour");
  await student.mouse.click(sbox.x + sbox.width * 0.3, sbox.y + sbox.height * 0.75);
  await student.waitForSelector(".board-selection #sel-stroke", { state: "visible" });
  await student.selectOption("#sel-stroke", "#e03131");
  await shapeWhere(teacher, (s, id) => s.owner === id && s.strokeColor === "#e03131", studentId);
  // A freehand stroke has no resize handle: its corner drags the whole stroke (the undo below puts it back).
  const mine = async () => (await student.evaluate(() => window.__ardoise.shapes())).find((s) => s.owner === studentId);
  const s0 = await mine();
  await student.mouse.move(sbox.x + sbox.width * 0.2, sbox.y + sbox.height * 0.7);
  await student.mouse.down();
  await student.mouse.move(sbox.x + sbox.width * 0.25, sbox.y + sbox.height * 0.75, { steps: 3 });
  await student.mouse.up();
  const s1 = await mine();
  assert.ok(s1.x > s0.x && s1.y > s0.y && s1.width === s0.width && s1.height === s0.height, `moved, not resized: ${JSON.stringify([s0, s1])}`);
  await shapeWhere(teacher, (s, [id, x]) => s.owner === id && s.x === x, [studentId, s1.x]);
  await student.click("button[aria-label='Annuler']");
  await shapeWhere(teacher, (s, [id, x]) => s.owner === id && s.x === x, [studentId, s0.x]);

  // Undo of the recolour, then of the student's stroke, travels too.
  await student.click("button[aria-label='Annuler']");
  await shapeWhere(teacher, (s, id) => s.owner === id && s.strokeColor === "#1f2933", studentId);
  await student.click("button[aria-label='Annuler']");
  await waitShapes(teacher, 1);
  await screenshot(teacher, "6-teacher-sees-student-undo");

  // A batch the room refuses (an update of a shape that does not exist) was already applied here:
  // the client resyncs and its replica is again exactly the teacher's.
  const drifted = await student.evaluate(async () => {
    window.__ardoise.commit([{ page: "room:1", updateProps: { shapeId: "nobody:1", props: { x: 5 } } }]);
    return window.__ardoise.digest();
  });
  assert.notEqual(drifted, await teacher.evaluate(() => window.__ardoise.digest()));
  await sameDigest(student, teacher);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("a dropped connection shows a banner, resumes, and loses or repeats no chat message", async () => {
  const room = await createRoom(stage.server.url, "Reprise");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "Prof");
  const student = await join(studentCtx, room.student.url, "Léo");
  await say(teacher, "avant la coupure");
  await seesMessage(student, "avant la coupure");

  await studentCtx.setOffline(true);
  await student.waitForSelector(".banner[data-state='offline']", { state: "visible" });
  await screenshot(student, "7-connection-lost");
  // Written while offline: sent once the link is back.
  await say(student, "écrit hors ligne");
  for (const text of ["pendant 1", "pendant 2", "pendant 3"]) await say(teacher, text);
  await seesMessage(teacher, "pendant 3");

  await studentCtx.setOffline(false);
  await seesMessage(student, "pendant 3");
  await seesMessage(teacher, "écrit hors ligne");
  await student.waitForSelector(".banner", { state: "hidden", timeout: 10_000 });
  await say(teacher, "après la reprise");
  await seesMessage(student, "après la reprise");

  // A reload comes back as the same participant: same id and name, no new entry, the chat intact.
  const me = await student.evaluate(() => window.__ardoise.participantId);
  await student.reload();
  await student.waitForFunction(() => window.__ardoise?.boardVisible === true);
  assert.equal(await student.evaluate(() => window.__ardoise.participantId), me);
  await say(student, "après le rechargement");
  await seesMessage(teacher, "après le rechargement");
  assert.equal(await teacher.locator(".participants li").count(), 2, "the reload added no participant");
  assert.ok((await teacher.locator(".participants").innerText()).includes("Léo"));

  const expected = ["avant la coupure", "écrit hors ligne", "pendant 1", "pendant 2", "pendant 3", "après la reprise", "après le rechargement"];
  for (const page of [student, teacher]) {
    const texts = await chatTexts(page);
    for (const text of expected) assert.equal(texts.filter((t) => t === text).length, 1, `"${text}" exactly once: ${texts}`);
    const seqs = await page.evaluate(() => window.__ardoise.chat.map((m) => m.seq));
    assert.equal(new Set(seqs).size, seqs.length);
  }
  assert.equal(await student.locator(".chat-log [data-seq]").count(), expected.length, "the screen shows each message once");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("an action lost on the way, on a link that stays up, is sent again once and arrives once", async () => {
  const room = await createRoom(stage.server.url, "Perte en route");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  // The student's link loses one frame on its way to the node and nothing else, as a node cut off from the class's
  // node would lose it: the socket stays open and no answer comes.
  let dropped = false;
  await studentCtx.routeWebSocket(/\/ws\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (!dropped && typeof message !== "string" && Buffer.from(message).includes("perdu en route")) {
        dropped = true;
        return;
      }
      server.send(message);
    });
  });
  // Time flows as usual; the clock only lets the test skip the 20 s the student's page waits for an answer.
  await studentCtx.clock.install();
  const teacher = await join(teacherCtx, room.teacher.url, "Prof");
  const student = await join(studentCtx, room.student.url, "Léa");
  await say(student, "perdu en route");
  await until(async () => dropped, 10_000, "the frame was dropped");
  await say(student, "juste après");
  await seesMessage(teacher, "juste après");
  assert.equal((await chatTexts(teacher)).includes("perdu en route"), false, "the lost message came only by being sent again");
  await student.clock.fastForward(20_000);
  const skipped = Date.now();
  await seesMessage(teacher, "perdu en route", 15_000);
  console.log(`# the unanswered message arrived ${Date.now() - skipped} ms after the student's page went 20 s ahead`);
  // The student's own copy comes through the proxy above, a little after the teacher's.
  await seesMessage(student, "perdu en route");
  for (const page of [student, teacher]) {
    const texts = await chatTexts(page);
    assert.equal(texts.filter((t) => t === "perdu en route").length, 1, `once: ${texts}`);
  }
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("a chat message made of HTML is shown as text and runs nothing", async () => {
  const room = await createRoom(stage.server.url, "XSS");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "Prof");
  const student = await join(studentCtx, room.student.url, "Eve");
  const dialogs = [];
  for (const page of [teacher, student]) page.on("dialog", (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
  const payload = "<img src=x onerror=alert(1)>";
  await say(student, payload);
  await seesMessage(teacher, payload);
  for (const page of [teacher, student]) {
    await page.waitForFunction((p) => [...document.querySelectorAll(".chat-log .text")].some((e) => e.textContent === p), payload);
    assert.equal(await page.locator(".chat-log img").count(), 0, "no element was made from the message");
  }
  await teacher.waitForTimeout(500);
  assert.deepEqual(dialogs, []);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("English when the browser asks for it; the class can be joined with the keyboard alone", async () => {
  const room = await createRoom(stage.server.url, "Keyboard");
  const ctx = await context({ locale: "en-GB" });
  const page = await ctx.newPage();
  await page.goto(room.student.url);
  assert.equal(await page.locator("h1").innerText(), "Join “Keyboard”");
  await page.keyboard.type("Kim");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__ardoise?.boardVisible === true);
  // The side panel's tabs, the arrow to Discussion, then its field: the keyboard only.
  for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.id)) !== "tab-participants"; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "tab-participants", "Tab reaches the side panel's tabs");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "tab-chat");
  for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== "chat-text"; i++) await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "chat-text", "Tab reaches the chat field");
  await page.keyboard.type("hello by keyboard");
  await page.keyboard.press("Enter");
  await seesMessage(page, "hello by keyboard");
  assert.equal(await page.locator("#raise-hand").innerText(), "Raise hand");
  await ctx.close();
});

test("teacher controls: lock chat, pages and clear page, lower all hands, co-teacher, remove", async () => {
  const room = await createRoom(stage.server.url, "Contrôles");
  const [teacherCtx, aliceCtx, bobCtx] = await Promise.all([context(), context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "Prof");
  const alice = await join(aliceCtx, room.student.url, "Alice");
  const bob = await join(bobCtx, room.student.url, "Bob");

  await openChat(alice);
  await setSwitch(teacher, "lock-chat", true);
  await alice.waitForSelector("#chat-text:disabled");
  await setSwitch(teacher, "lock-chat", false);
  await alice.waitForSelector("#chat-text:enabled");

  await stroke(teacher, [0.1, 0.1], [0.3, 0.3]);
  await waitShapes(alice, 1);
  await teacher.click("button[data-action='clear-page']");
  await waitShapes(alice, 0);
  await teacher.click("button[aria-label='Ajouter une page']");
  const page2 = await teacher.evaluate(() => window.__ardoise.page);
  assert.notEqual(page2, "room:1");
  await stroke(teacher, [0.5, 0.5], [0.7, 0.6]);
  await alice.waitForFunction((p) => window.__ardoise.shapeCount(p) === 1, page2);
  assert.equal(await alice.evaluate(() => window.__ardoise.shapeCount("room:1")), 0);

  await alice.click("#raise-hand");
  await bob.click("#raise-hand");
  await teacher.waitForFunction(() => document.querySelectorAll(".participants .hand").length === 2);
  await openParticipants(teacher);
  await teacher.click("#lower-all");
  await alice.waitForFunction(() => document.querySelectorAll(".participants .hand").length === 0);

  const [aliceId, bobId] = await Promise.all([alice, bob].map((page) => page.evaluate(() => window.__ardoise.participantId)));
  await onParticipant(teacher, aliceId, "make-teacher");
  await alice.waitForFunction(() => window.__ardoise.role === 1);
  await alice.click("#open-settings");
  await alice.waitForSelector("#lock-chat", { state: "visible" });
  await alice.click("#close-settings");

  // Removing asks first, and "Annuler" keeps Bob in the class.
  await teacher.click(`[data-menu="${bobId}"]`);
  await teacher.click('[role=menu]:not([hidden]) [data-action="remove"]');
  await teacher.waitForSelector(".confirm-dialog[open]");
  assert.equal(await teacher.locator("#confirm-title").innerText(), "Retirer Bob de la classe ?");
  await screenshot(teacher, "8-remove-confirm");
  await teacher.click("#confirm-no");
  // Give a stray removal time to arrive: none does.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await bob.evaluate(() => document.body.dataset.screen), "classroom", "a cancelled removal removes no one");

  await onParticipant(teacher, bobId, "remove");
  await bob.waitForSelector("[data-screen=removed]");
  await alice.waitForFunction(() => !document.querySelector(".participants").textContent.includes("Bob"));
  await screenshot(bob, "8-removed");
  await Promise.all([teacherCtx.close(), aliceCtx.close(), bobCtx.close()]);
});

test("shape tools: rectangle, text, select and move, delete, redo — the student's board follows", async () => {
  const room = await createRoom(stage.server.url, "Outils");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "Prof");
  const student = await join(studentCtx, room.student.url, "Sam");
  const box = await teacher.locator(".board-canvas").boundingBox();
  const at = (fx, fy) => [box.x + box.width * fx, box.y + box.height * fy];

  await teacher.click("button[data-tool='rectangle']");
  await stroke(teacher, [0.1, 0.1], [0.3, 0.3]);
  await teacher.click("button[data-tool='text']");
  await teacher.mouse.click(...at(0.6, 0.2));
  await teacher.keyboard.type("Théorème");
  await teacher.keyboard.press("Enter");
  await waitShapes(student, 2);
  const kinds = await student.evaluate(() => window.__ardoise.shapes().map((s) => s.kind).sort());
  assert.deepEqual(kinds, ["SHAPE_KIND_RECTANGLE", "SHAPE_KIND_TEXT"]);
  const texts = await student.evaluate(() => window.__ardoise.shapes().map((s) => s.text).filter(Boolean));
  assert.deepEqual(texts, ["Théorème"]);

  const viewText = (page) => page.evaluate(() => window.__ardoise.viewText());
  const before = await viewText(teacher);
  await teacher.click("button[data-tool='select']");
  await teacher.mouse.move(...at(0.2, 0.1));
  await teacher.mouse.down();
  await teacher.mouse.move(...at(0.3, 0.2), { steps: 5 });
  await teacher.mouse.up();
  const moved = await viewText(teacher);
  assert.notEqual(moved, before, "the drag moved the rectangle");
  // The student's replica converges on exactly the teacher's view.
  await student.waitForFunction((text) => window.__ardoise.viewText() === text, moved, { timeout: 10_000 });

  // Resize by the bottom-right handle, recolour, reorder, nudge: each one batch the student follows.
  const rect = () => teacher.evaluate(() => window.__ardoise.shapes().find((s) => s.kind === "SHAPE_KIND_RECTANGLE"));
  const follows = async () => student.waitForFunction((text) => window.__ardoise.viewText() === text, await viewText(teacher), { timeout: 10_000 });
  const r0 = await rect();
  const corner = await screenOf(teacher, [r0.x + r0.width, r0.y + r0.height]);
  await teacher.mouse.move(...corner);
  await teacher.mouse.down();
  await teacher.mouse.move(corner[0] + 60, corner[1] + 40, { steps: 4 });
  await teacher.mouse.up();
  const r1 = await rect();
  assert.equal(r1.x, r0.x, "the opposite corner stays");
  assert.ok(r1.width > r0.width + 300 && r1.height > r0.height + 200, `resized: ${JSON.stringify([r0, r1])}`);
  await follows();

  await teacher.selectOption("#sel-stroke", "#e03131");
  await teacher.selectOption("#sel-fill", "#1971c2");
  await shapeWhere(student, (s) => s.kind === "SHAPE_KIND_RECTANGLE" && s.strokeColor === "#e03131" && s.fillColor === "#1971c2");
  await teacher.click("button[aria-label='Annuler']");
  await shapeWhere(student, (s) => s.kind === "SHAPE_KIND_RECTANGLE" && s.strokeColor === "#e03131" && s.fillColor === "");

  const order = (page) => page.evaluate(() => window.__ardoise.shapes().map((s) => s.kind));
  assert.deepEqual(await order(student), ["SHAPE_KIND_RECTANGLE", "SHAPE_KIND_TEXT"]);
  await teacher.click("button[data-action='front']");
  await student.waitForFunction(() => window.__ardoise.shapes().at(-1).kind === "SHAPE_KIND_RECTANGLE");
  await teacher.click("button[data-action='back']");
  await student.waitForFunction(() => window.__ardoise.shapes()[0].kind === "SHAPE_KIND_RECTANGLE");

  await teacher.locator(".board-canvas").press("ArrowRight");
  await teacher.locator(".board-canvas").press("ArrowDown");
  await shapeWhere(student, (s, [x, y]) => s.kind === "SHAPE_KIND_RECTANGLE" && s.x === x + 100 && s.y === y + 100, [r1.x, r1.y]);
  assert.deepEqual(await axeViolations(teacher), []);

  await teacher.locator(".board-canvas").press("Delete");
  await waitShapes(student, 1);
  await teacher.click("button[aria-label='Annuler']");
  await waitShapes(student, 2);
  await teacher.click("button[aria-label='Rétablir']");
  await waitShapes(student, 1);
  await screenshot(student, "9-shape-tools");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("board zoom and pan move only the view; a stroke after panning lands under the pointer; eraser and laser", async () => {
  const room = await createRoom(stage.server.url, "Vue");
  const [teacherCtx, studentCtx] = await Promise.all([context({ viewport: { width: 1280, height: 800 } }), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "Prof");
  const student = await join(studentCtx, room.student.url, "Léa");
  const camera = () => teacher.evaluate(() => window.__ardoise.camera());
  const box = await teacher.locator(".board-canvas").boundingBox();
  const centre = [box.x + box.width / 2, box.y + box.height / 2];

  await stroke(teacher, [0.2, 0.4], [0.4, 0.6]);
  await waitShapes(student, 1);
  await sameDigest(teacher, student);
  const digest = await teacher.evaluate(() => window.__ardoise.digest());

  // +, −, the wheel, fit and Shift+0 change the camera, never the document.
  const c0 = await camera();
  await teacher.click("button[aria-label='Zoom avant']");
  const c1 = await camera();
  assert.ok(Math.abs(c1.zoom - c0.zoom * 1.25) < 1e-9, `zoomed in: ${JSON.stringify([c0, c1])}`);
  assert.equal(await teacher.locator(".board-percent-value").textContent(), `${Math.round(c1.zoom * 100)} %`);
  await teacher.click("button[aria-label='Zoom arrière']");
  assert.ok(Math.abs((await camera()).zoom - c0.zoom) < 1e-9);
  await teacher.mouse.move(...centre);
  const under = await pageOf(teacher, centre);
  await teacher.mouse.wheel(0, -300);
  await teacher.waitForFunction((z) => window.__ardoise.camera().zoom > z, c0.zoom);
  const still = await pageOf(teacher, centre);
  assert.ok(Math.hypot(still[0] - under[0], still[1] - under[1]) < 20, `the wheel zooms around the pointer: ${under} → ${still}`);
  await teacher.locator(".board-canvas").press("Shift+Digit0");
  assert.equal((await camera()).zoom, 1);
  const canvas = teacher.locator(".board-canvas");
  await canvas.press("+");
  assert.ok(Math.abs((await camera()).zoom - 1.25) < 1e-9);
  await canvas.press("-");
  assert.ok(Math.abs((await camera()).zoom - 1) < 1e-9);
  // A middle-button drag and a drag with space held pan whatever the tool, and draw nothing.
  const dragged = async (hold) => {
    const c = await camera();
    await hold();
    const d = await camera();
    return [(c.x - d.x) * (c.zoom / 10), (c.y - d.y) * (c.zoom / 10)];
  };
  const middle = await dragged(async () => {
    await teacher.mouse.move(...centre);
    await teacher.mouse.down({ button: "middle" });
    await teacher.mouse.move(centre[0] + 50, centre[1] + 20, { steps: 3 });
    await teacher.mouse.up({ button: "middle" });
  });
  assert.ok(Math.abs(middle[0] - 50) < 1 && Math.abs(middle[1] - 20) < 1, `middle button: ${middle}`);
  await canvas.focus();
  const space = await dragged(async () => {
    await teacher.keyboard.down(" ");
    await drag(teacher, centre, [centre[0] - 30, centre[1] + 40], 3);
    await teacher.keyboard.up(" ");
  });
  assert.ok(Math.abs(space[0] + 30) < 1 && Math.abs(space[1] - 40) < 1, `space: ${space}`);
  assert.equal(await shapeCount(teacher), 1);
  await canvas.press("Shift+Digit1");
  const fitted = await camera();
  await teacher.click("button[aria-label='Ajuster au contenu']");
  assert.deepEqual(await camera(), fitted, "Shift+1 and the button fit alike");
  assert.notDeepEqual(await camera(), c0, "fitting to a small stroke shows it larger than the empty page");
  assert.equal(await teacher.evaluate(() => window.__ardoise.digest()), digest);
  await sameDigest(teacher, student);

  // The hand tool pans; a stroke drawn afterwards starts exactly at the page point under the pointer.
  await teacher.locator(".board-canvas").press("h");
  assert.equal(await teacher.getAttribute("button[data-tool='hand']", "aria-pressed"), "true");
  const before = await camera();
  await drag(teacher, centre, [centre[0] + 150, centre[1] + 80], 5);
  const panned = await camera();
  assert.ok(Math.abs(panned.x - (before.x - 150 / (before.zoom / 10))) < 1 && Math.abs(panned.y - (before.y - 80 / (before.zoom / 10))) < 1, `panned: ${JSON.stringify([before, panned])}`);
  await teacher.locator(".board-canvas").press("p");
  const start = [box.x + box.width * 0.7, box.y + box.height * 0.3];
  const expected = await pageOf(teacher, start);
  await drag(teacher, start, [start[0] + 60, start[1] + 40]);
  await waitShapes(student, 2);
  const newest = (await teacher.evaluate(() => window.__ardoise.shapes())).at(-1);
  assert.ok(Math.abs(newest.x - expected[0]) <= 2 && Math.abs(newest.y - expected[1]) <= 2, `at ${expected}: ${JSON.stringify(newest)}`);
  await sameDigest(teacher, student);

  // The eraser sweeps across the new stroke: gone on both boards, and one undo brings it back.
  await teacher.locator(".board-canvas").press("e");
  const [ex, ey] = await screenOf(teacher, [newest.x, newest.y]);
  await drag(teacher, [ex - 10, ey - 30], [ex + 10, ey + 30], 6);
  await waitShapes(student, 1);
  await teacher.locator(".board-canvas").press("Control+z");
  await waitShapes(student, 2);

  // The laser: a fading trail on the student's board, never a shape; only teachers have the tool.
  await teacher.locator(".board-canvas").press("k");
  await teacher.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.7);
  await teacher.mouse.down();
  await teacher.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.75, { steps: 20 });
  await student.waitForFunction(() => window.__ardoise.laserTrails() > 0, null, { timeout: 5_000 });
  await teacher.mouse.up();
  await screenshot(teacher, "10-board-1280px");
  await student.waitForFunction(() => window.__ardoise.laserTrails() === 0, null, { timeout: 5_000 });
  assert.equal(await shapeCount(student), 2);
  assert.equal(await shapeCount(teacher), 2);
  assert.deepEqual(await student.evaluate(() => window.__ardoise.liveStrokeAuthors()), []);
  await setSwitch(teacher, "students-may-draw", true);
  await student.waitForSelector(".board-toolbar", { state: "visible" });
  assert.equal(await student.locator("button[data-tool='laser']").isVisible(), false);
  await sameDigest(teacher, student);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("board toolbar: every control is reached by Tab and used with Enter or Space; it fits at 360 px", async () => {
  const room = await createRoom(stage.server.url, "Clavier");
  const ctx = await context({ viewport: { width: 360, height: 740 } });
  const teacher = await join(ctx, room.teacher.url, "Prof");
  await teacher.locator(".board-canvas").focus();
  const controls = await teacher.$$eval(".board-toolbar button:not([hidden])", (buttons) => buttons.map((b) => b.getAttribute("aria-label")));
  const reached = new Set();
  for (let i = 0; i < controls.length + 5; i++) {
    await teacher.keyboard.press("Tab");
    reached.add(await teacher.evaluate(() => (document.activeElement.closest(".board-toolbar") ? document.activeElement.getAttribute("aria-label") : null)));
  }
  for (const label of controls) assert.ok(reached.has(label), `${label} is reached by Tab`);

  await teacher.focus("button[data-tool='rectangle']");
  await teacher.keyboard.press("Enter");
  assert.equal(await teacher.getAttribute("button[data-tool='rectangle']", "aria-pressed"), "true");
  await teacher.focus("button[data-color='#e03131']");
  await teacher.keyboard.press("Space");
  assert.equal(await teacher.getAttribute("button[data-color='#e03131']", "aria-checked"), "true");
  await teacher.focus("button[data-width='thick']");
  await teacher.keyboard.press("Enter");
  assert.equal(await teacher.getAttribute("button[data-width='thick']", "aria-checked"), "true");
  // A letter typed in the chat stays a letter: no tool changes.
  await openChat(teacher);
  await teacher.fill("#chat-text", "");
  await teacher.focus("#chat-text");
  await teacher.keyboard.type("pe");
  assert.equal(await teacher.getAttribute("button[data-tool='rectangle']", "aria-pressed"), "true");
  await teacher.click("#close-panel");

  const toolbar = await teacher.locator(".board-toolbar").boundingBox();
  const canvas = await teacher.locator(".board-canvas").boundingBox();
  assert.ok(toolbar.x >= canvas.x - 1 && toolbar.x + toolbar.width <= canvas.x + canvas.width + 1, `the toolbar fits: ${JSON.stringify([toolbar, canvas])}`);
  assert.deepEqual(await axeViolations(teacher), []);
  await screenshot(teacher, "11-board-360px");
  await ctx.close();
});

test("board on a touch screen: two fingers pinch to zoom and drag to pan, and draw nothing", async () => {
  const room = await createRoom(stage.server.url, "Tactile");
  const ctx = await context({ viewport: { width: 800, height: 900 }, hasTouch: true });
  const teacher = await join(ctx, room.teacher.url, "Prof");
  // Where the board is once the page has settled (a notice or the strip may still move it just after the join):
  // the fingers are placed, and the result read, in the same layout.
  let box = await teacher.locator(".board-canvas").boundingBox();
  for (let settled = false, tries = 0; !settled && tries < 20; tries++) {
    await teacher.waitForTimeout(300);
    const now = await teacher.locator(".board-canvas").boundingBox();
    settled = now.x === box.x && now.y === box.y && now.width === box.width && now.height === box.height;
    box = now;
  }
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const cdp = await ctx.newCDPSession(teacher);
  const touch = (type, points) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const c0 = await teacher.evaluate(() => window.__ardoise.camera());
  const held = await pageOf(teacher, [cx, cy]);
  await touch("touchStart", [[cx - 40, cy], [cx + 40, cy]]);
  for (let i = 1; i <= 8; i++) await touch("touchMove", [[cx - 40 - 10 * i, cy + 5 * i], [cx + 40 + 10 * i, cy + 5 * i]]);
  await touch("touchEnd", []);
  const c1 = await teacher.evaluate(() => window.__ardoise.camera());
  assert.ok(c1.zoom > c0.zoom * 1.5, `pinched open: ${JSON.stringify([c0, c1])}`);
  // The page point between the fingers stays between them as they move down together.
  const [hx, hy] = await screenOf(teacher, held);
  assert.ok(Math.abs(hx - cx) < 3 && Math.abs(hy - (cy + 40)) < 3, `held under the fingers: ${[hx, hy]} vs ${[cx, cy + 40]}`);
  assert.equal(await shapeCount(teacher), 0);
  assert.deepEqual(await teacher.evaluate(() => window.__ardoise.liveStrokeAuthors()), []);
  await ctx.close();
});
