// Media end to end: the real SFU (media/sfu), one server driving it, one Chromium with fake devices
// for every case, a context per participant. Media flows browser -> SFU -> browser over loopback.
import assert from "node:assert/strict";
import { test } from "node:test";
import { axeViolations, join, onParticipant, openParticipants, say, screenshot, seesMessage, setSwitch, until, framesFrom } from "./helpers.mjs";
import { createRoom } from "./server.mjs";
import { useMediaStage } from "./stage.mjs";

const stage = useMediaStage();

async function context(options = {}) {
  // Page errors and warnings land in the test's output: WebRTC failures say more there than a timeout.
  const ctx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 900 }, ...options });
  ctx.on("console", (m) => { if (m.type() === "warning" || m.type() === "error") console.log(`[page ${m.type()}] ${m.text()}`); });
  return ctx;
}

const id = (page) => page.evaluate(() => window.__ardoise.participantId);
const inbound = (page) => page.evaluate(() => window.__ardoise.media.inbound());
const joined = (page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 20_000 });

async function audioPacketsFrom(page, owner) {
  return Math.max(0, ...(await inbound(page)).filter((s) => s.kind === "audio" && s.owner === owner).map((s) => s.packetsReceived));
}

test("the teacher turns on camera and microphone: a student decodes the video and receives the audio within 15 s", async () => {
  const room = await createRoom(stage.server.url, "Musique 3C");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context({ viewport: { width: 360, height: 740 } })]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Boulanger");
  const student = await join(studentCtx, room.student.url, "Ravel");
  await Promise.all([joined(teacher), joined(student)]);
  const teacherId = await id(teacher);

  const start = Date.now();
  await teacher.click("#media-camera");
  await teacher.click("#media-microphone");
  await until(async () => (await framesFrom(student, teacherId)) > 0, 15_000, "the student decodes the teacher's video");
  await until(async () => (await audioPacketsFrom(student, teacherId)) > 0, 15_000 - (Date.now() - start), "the student receives the teacher's audio");

  // The teacher's camera is the large tile, under the teacher's name; the list shows both devices on.
  await student.waitForSelector(`.videos .tile[data-owner="${teacherId}"]`);
  assert.match(await student.locator(`.videos .tile[data-owner="${teacherId}"] figcaption`).innerText(), /Mme Boulanger/);
  await openParticipants(student);
  await student.waitForSelector(`li[data-participant="${teacherId}"] .badge.mic.on`);
  await student.waitForSelector(`li[data-participant="${teacherId}"] .badge.cam.on`);
  assert.equal(await teacher.getAttribute("#media-camera", "aria-pressed"), "true");
  // Students may not share a screen: the button is not even there for them.
  assert.equal(await student.locator("#media-screen").isVisible(), false);
  assert.equal(await student.locator("#media-camera").isDisabled(), true, "students' cameras are off by default");
  // The fake microphone beeps: the student's page hears the teacher speak (measured in the browser).
  await student.waitForFunction((t) => window.__ardoise.media.heard.includes(t), teacherId, { timeout: 10_000 });

  // Another camera from the picker: the track is replaced in place and the student keeps decoding.
  await teacher.click("#open-settings");
  const cameras = await teacher.locator("#camera-device option").evaluateAll((options) => options.map((o) => o.value));
  assert.equal(cameras.length, 3, `three fake cameras: ${cameras}`);
  const other = cameras[2];
  assert.notEqual(await teacher.evaluate(() => window.__ardoise.media.deviceOf("camera")), other);
  await teacher.selectOption("#camera-device", other);
  await teacher.waitForFunction((d) => window.__ardoise.media.deviceOf("camera") === d, other, { timeout: 10_000 });
  await teacher.click("#close-settings");
  const decoded = await framesFrom(student, teacherId);
  await until(async () => (await framesFrom(student, teacherId)) > decoded + 10, 10_000, "frames keep coming after the switch");

  // The teacher shares the screen: it takes the large tile, the camera becomes a small one.
  await teacher.click("#media-screen");
  // A screen share from someone else brings the presenter view, the camera stays in the strip.
  await student.waitForSelector(`.presenter .tile[data-owner="${teacherId}"] >> text=Écran de Mme Boulanger`, { timeout: 15_000 });
  await student.waitForSelector(`.videos .tiles .tile[data-owner="${teacherId}"]`);
  assert.equal(await teacher.getAttribute("#media-screen", "aria-pressed"), "true");

  assert.deepEqual(await axeViolations(teacher), []);
  assert.deepEqual(await axeViolations(student), []);
  await screenshot(teacher, "10-media-teacher");
  await screenshot(student, "11-media-student-360px");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("a student without permission cannot publish: the room refuses the offer and the SFU never sees it", async () => {
  const room = await createRoom(stage.server.url, "Sans micro");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Fourier");
  const student = await join(studentCtx, room.student.url, "Sophie");
  await Promise.all([joined(teacher), joined(student)]);
  assert.equal(await student.locator("#media-camera").isDisabled(), true);
  assert.equal(await student.locator("#media-microphone").isDisabled(), true);

  const offersBefore = await stage.sfu.metric("sfu_signal_requests_total", 'payload="description"');
  const tracksBefore = await stage.sfu.metric("sfu_published_tracks");
  // A modified client sends an offer anyway (camera and microphone both).
  const state = () => student.evaluate(() => ({ phase: window.__ardoise.media.phase, local: window.__ardoise.media.local, refusals: window.__ardoise.media.refusals }));
  await student.evaluate(() => window.__ardoise.media.publishIgnoringRights("camera"));
  await until(async () => { const s = await state(); return s.refusals.length >= 1 && s; }, 10_000, "the camera offer is refused");
  await student.evaluate(() => window.__ardoise.media.publishIgnoringRights("microphone"));
  await until(async () => { const s = await state(); return s.refusals.length >= 2 && s; }, 10_000, "the microphone offer is refused");
  const refusals = await student.evaluate(() => window.__ardoise.media.refusals);
  assert.equal(refusals.length, 2);
  assert.match(refusals[0], /camera/);
  assert.match(refusals[1], /microphone/);
  // The refused tracks were stopped and the flash said why.
  assert.deepEqual(await student.evaluate(() => window.__ardoise.media.local), []);
  assert.match(await student.locator(".flash").innerText(), /microphone/);

  // Give a stray offer time to arrive, then: nothing reached the SFU, nothing reached the teacher.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await stage.sfu.metric("sfu_signal_requests_total", 'payload="description"'), offersBefore, "no description reached the SFU");
  assert.equal(await stage.sfu.metric("sfu_published_tracks"), tracksBefore);
  assert.deepEqual(await teacher.evaluate(() => window.__ardoise.media.received), []);
  assert.deepEqual(await teacher.evaluate(() => window.__ardoise.media.publications), []);

  // Allowed afterwards, the same page sends its microphone (on the refused offer's idle transceiver).
  await setSwitch(teacher, "students-may-use-microphone", true);
  await student.waitForSelector("#media-microphone:enabled");
  await student.click("#media-microphone");
  const studentId = await id(student);
  await until(async () => (await audioPacketsFrom(teacher, studentId)) > 0, 15_000, "the teacher hears the student once allowed");
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("once allowed, a student's camera reaches the teacher, not the other students, and never another class", async () => {
  const [roomA, roomB] = await Promise.all([createRoom(stage.server.url, "Classe A"), createRoom(stage.server.url, "Classe B")]);
  const ctxs = await Promise.all([context(), context(), context(), context(), context()]);
  const [teacherA, alice, bob, teacherB, carol] = await Promise.all([
    join(ctxs[0], roomA.teacher.url, "Prof A"),
    join(ctxs[1], roomA.student.url, "Alice"),
    join(ctxs[2], roomA.student.url, "Bob"),
    join(ctxs[3], roomB.teacher.url, "Prof B"),
    join(ctxs[4], roomB.student.url, "Carol"),
  ]);
  await Promise.all([teacherA, alice, bob, teacherB, carol].map(joined));
  const [teacherBId, aliceId] = await Promise.all([id(teacherB), id(alice)]);

  await setSwitch(teacherA, "students-may-use-camera", true);
  await alice.waitForSelector("#media-camera:enabled");
  await alice.click("#media-camera");
  await teacherB.click("#media-camera");
  await until(async () => (await framesFrom(teacherA, aliceId)) > 0, 15_000, "the teacher decodes the student's video");
  await openParticipants(teacherA);
  await teacherA.waitForSelector(`li[data-participant="${aliceId}"] .badge.cam.on`);
  // Carol's own class works: her teacher's video arrives...
  await until(async () => (await framesFrom(carol, teacherBId)) > 0, 15_000, "the other class's student decodes her own teacher");
  // ...and a while later still nothing of class A's tracks has reached her, nor Bob (students see teachers only).
  await new Promise((r) => setTimeout(r, 2000));
  const carolVideos = (await carol.evaluate(() => window.__ardoise.media.inboundAll())).filter((s) => s.kind === "video");
  assert.equal(carolVideos.length, 1, `only her teacher's video: ${JSON.stringify(carolVideos)}`);
  assert.deepEqual((await carol.evaluate(() => window.__ardoise.media.received)).map((r) => r.owner), [teacherBId]);
  assert.deepEqual(await bob.evaluate(() => window.__ardoise.media.received), [], "a student's camera is for teachers by default");

  // "Students see each other": Bob gets Alice's camera too.
  await setSwitch(teacherA, "students-see-each-other", true);
  await until(async () => (await framesFrom(bob, aliceId)) > 0, 15_000, "Bob decodes Alice once students see each other");
  assert.deepEqual(await axeViolations(teacherA), []);
  await screenshot(teacherA, "12-media-teacher-sees-student");

  // The teacher turns student cameras off again: Alice's browser stops its camera by itself.
  await setSwitch(teacherA, "students-may-use-camera", false);
  await alice.waitForFunction(() => window.__ardoise.media.local.length === 0, null, { timeout: 10_000 });
  assert.equal(await alice.locator("#media-camera").isDisabled(), true);
  await until(async () => !(await teacherA.evaluate(() => window.__ardoise.media.received)).some((r) => r.owner !== ""), 10_000, "the teacher no longer receives Alice");
  await Promise.all(ctxs.map((c) => c.close()));
});

test("a teacher mutes a student's microphone; the student sees it and may unmute while the class allows microphones", async () => {
  const room = await createRoom(stage.server.url, "Débat");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Arendt");
  const student = await join(studentCtx, room.student.url, "Hugo");
  await Promise.all([joined(teacher), joined(student)]);
  const studentId = await id(student);
  await setSwitch(teacher, "students-may-use-microphone", true);
  await student.waitForSelector("#media-microphone:enabled");
  await student.click("#media-microphone");
  await until(async () => (await audioPacketsFrom(teacher, studentId)) > 0, 15_000, "the teacher hears the student");

  await onParticipant(teacher, studentId, "mute-microphone");
  await student.waitForSelector("#media-muted", { state: "visible" });
  await openParticipants(teacher);
  await teacher.waitForSelector(`li[data-participant="${studentId}"] .badge.mic.muted`);
  assert.equal(await student.evaluate(() => window.__ardoise.media.local.includes("microphone")), true, "still negotiated");
  await student.click("#media-unmute-microphone");
  await student.waitForSelector("#media-muted", { state: "hidden" });
  await teacher.waitForSelector(`li[data-participant="${studentId}"] .badge.mic.on`);
  assert.deepEqual(await axeViolations(student), []);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});

test("the SFU goes down: the class goes on with a message; when it is back, media comes back by itself", async () => {
  const room = await createRoom(stage.server.url, "Panne");
  const [teacherCtx, studentCtx] = await Promise.all([context(), context()]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Volta");
  const student = await join(studentCtx, room.student.url, "Ampère");
  await Promise.all([joined(teacher), joined(student)]);
  const teacherId = await id(teacher);
  await teacher.click("#media-camera");
  await until(async () => (await framesFrom(student, teacherId)) > 0, 15_000, "video before the outage");

  await stage.sfu.stop("SIGKILL");
  await student.waitForFunction(() => window.__ardoise.media.unavailableShown, null, { timeout: 30_000 });
  await teacher.waitForFunction(() => window.__ardoise.media.unavailableShown, null, { timeout: 30_000 });
  await say(teacher, "on continue sans vidéo");
  await seesMessage(student, "on continue sans vidéo");
  assert.deepEqual(await axeViolations(student), []);
  await screenshot(student, "13-media-unavailable");

  await stage.sfu.start();
  await Promise.all([joined(teacher), joined(student)]);
  await until(async () => (await framesFrom(student, teacherId)) > 0, 30_000, "video after the SFU came back");
  assert.equal(await student.evaluate(() => window.__ardoise.media.unavailableShown), false);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});
