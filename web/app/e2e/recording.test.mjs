// Recording the teachers' voices end to end: the real SFU records the teacher's fake microphone from real
// Chromium, the node stores the Ogg/Opus file, and the recordings API serves it. One node, one SFU, one Chromium.
import assert from "node:assert/strict";
import { inflateRawSync } from "node:zlib";
import { test } from "node:test";
import { axeViolations, join, screenshot, setSwitch, until } from "./helpers.mjs";
import { API_KEY, createRoom } from "./server.mjs";
import { useMediaStage } from "./stage.mjs";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

const stage = useMediaStage();

const context = (viewport) => stage.browser.newContext({ locale: "fr-FR", viewport, hasTouch: viewport.width < 500, isMobile: viewport.width < 500 });
const tokenOf = (link) => new URL(link).hash.slice(1);
const joined = (page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 20_000 });
const recording = (page) => page.evaluate(() => window.__ardoise.recording);

/** The pages of an Ogg stream (RFC 3533): header type, granule position, serial, sequence, payload. */
function oggPages(bytes) {
  const pages = [];
  let at = 0;
  while (at < bytes.length) {
    assert.equal(bytes.toString("latin1", at, at + 4), "OggS", `a page starts at ${at}`);
    const segments = bytes[at + 26];
    let size = 0;
    for (let i = 0; i < segments; i++) size += bytes[at + 27 + i];
    const start = at + 27 + segments;
    pages.push({
      headerType: bytes[at + 5], granule: bytes.readBigUInt64LE(at + 6), serial: bytes.readUInt32LE(at + 14),
      sequence: bytes.readUInt32LE(at + 18), payload: bytes.subarray(start, start + size),
    });
    at = start + size;
  }
  return pages;
}

/** One file of a zip, found through its central directory (ZipOutputStream puts sizes only there). */
function unzipped(zip, name) {
  for (let at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1)) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString("utf8", at + 46, at + 46 + nameLength) !== name) continue;
    const [method, size, local] = [zip.readUInt16LE(at + 10), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 42)];
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + size);
    return method === 8 ? inflateRawSync(raw) : raw;
  }
  return undefined;
}

test("a teacher records their voice: everyone sees it, a newcomer is told, the API serves one valid Ogg of the teacher alone", async () => {
  const room = await createRoom(stage.server.url, "Histoire 4B");
  const teacherToken = tokenOf(room.teacher.url);
  const api = (path, token = teacherToken, headers = {}) =>
    fetch(`${stage.server.url}/api/v1/rooms/${room.roomId}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
  const [teacherCtx, studentCtx] = await Promise.all([context(DESKTOP), context(PHONE)]);
  const teacher = await join(teacherCtx, room.teacher.url, "M. Bloch");
  const student = await join(studentCtx, room.student.url, "Lucie");
  await Promise.all([joined(teacher), joined(student)]);
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);
  assert.equal(await teacher.isVisible("#toggle-recording"), true, "teachers have the switch");
  assert.equal(await student.isHidden("#toggle-recording"), true, "students do not");

  // Both microphones on for the whole recording: only the teacher's may end up in it.
  await setSwitch(teacher, "students-may-use-microphone", true);
  await student.waitForSelector("#media-microphone:enabled");
  await Promise.all([teacher.click("#media-microphone"), student.click("#media-microphone")]);
  await until(async () => (await teacher.evaluate(() => window.__ardoise.media.local)).includes("microphone")
    && (await student.evaluate(() => window.__ardoise.media.local)).includes("microphone"), 15_000, "both microphones on");
  await until(async () => (await stage.sfu.metric("sfu_published_tracks")) >= 2, 15_000, "both microphones reach the SFU");

  // A student's switch is refused by the room, whatever the page offers.
  await student.evaluate(() => window.__ardoise.setRecording(true));
  await student.waitForSelector(".flash:not([hidden])");
  assert.equal(await student.locator(".flash").innerText(), "Vous n'avez pas le droit de faire cela dans cette classe.", "in the page's language, not the server's words");
  assert.equal(await recording(teacher), false, "a student's attempt changes nothing");
  await student.waitForSelector(".flash", { state: "hidden", timeout: 15_000 });

  await teacher.click("#toggle-recording");
  const startedAt = Date.now();
  await until(async () => (await recording(teacher)) && (await recording(student)), 5_000, "everyone sees the recording");
  for (const page of [teacher, student]) {
    await page.waitForSelector("#recording-indicator:not([hidden])");
    assert.deepEqual(await axeViolations(page), [], "the classroom while recording");
  }
  assert.equal(await teacher.getAttribute("#toggle-recording", "aria-pressed"), "true");
  await screenshot(teacher, "recording-classroom-teacher-1280");
  await screenshot(student, "recording-classroom-student-360");
  // The teacher's switch on a phone, and the student's view on a desktop.
  await teacher.setViewportSize(PHONE);
  assert.equal(await teacher.isVisible("#toggle-recording"), true, "the switch stays within reach on a phone");
  await screenshot(teacher, "recording-classroom-teacher-360");
  await teacher.setViewportSize(DESKTOP);
  await student.setViewportSize(DESKTOP);
  await screenshot(student, "recording-classroom-student-1280");
  await student.setViewportSize(PHONE);

  // Someone arriving now is told on the join page, before joining.
  for (const [name, viewport] of [["1280", DESKTOP], ["360", PHONE]]) {
    const ctx = await context(viewport);
    const newcomer = await ctx.newPage();
    await newcomer.goto(room.student.url);
    await newcomer.waitForSelector("#join-recording-notice");
    assert.match(await newcomer.locator("#join-recording-notice").innerText(), /voix des enseignants/);
    assert.deepEqual(await axeViolations(newcomer), [], `the join page at ${name}`);
    await screenshot(newcomer, `recording-join-${name}`);
    await ctx.close();
  }

  // The teacher speaks (Chromium's fake microphone beeps) for about six seconds in all.
  await new Promise((r) => setTimeout(r, Math.max(0, 6_000 - (Date.now() - startedAt))));
  await teacher.click("#toggle-recording");
  const stoppedAt = Date.now();
  await until(async () => !(await recording(teacher)) && !(await recording(student)), 5_000, "the recording stops for everyone");
  assert.equal(await student.isHidden("#recording-indicator"), true);

  const listed = await until(async () => {
    const body = await (await api("/recordings")).json();
    return body.recordings.length > 0 && body;
  }, 15_000, "the recording is stored and listed");
  assert.equal(listed.recordings.length, 1, "one file: the teacher's microphone, not the student's");
  const [file] = listed.recordings;
  assert.deepEqual(Object.keys(file).sort(), ["bytes", "endedAtMs", "id", "startedAtMs", "url"]);
  assert.equal(file.url, `/api/v1/rooms/${room.roomId}/recordings/${file.id}.ogg`);
  assert.ok(file.startedAtMs >= startedAt - 2_000 && file.startedAtMs <= startedAt + 2_000, `started ${file.startedAtMs - startedAt} ms off`);
  assert.ok(file.endedAtMs >= stoppedAt - 2_000 && file.endedAtMs <= stoppedAt + 2_000, `ended ${file.endedAtMs - stoppedAt} ms off`);

  const response = await fetch(`${stage.server.url}${file.url}`, { headers: { Authorization: `Bearer ${teacherToken}` } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "audio/ogg");
  const ogg = Buffer.from(await response.arrayBuffer());
  assert.equal(ogg.length, file.bytes);
  const pages = oggPages(ogg);
  assert.equal(pages[0].payload.toString("latin1", 0, 8), "OpusHead");
  assert.equal(pages[0].headerType & 0x02, 0x02, "the first page begins the stream");
  assert.equal(pages[1].payload.toString("latin1", 0, 8), "OpusTags");
  assert.equal(pages.at(-1).headerType & 0x04, 0x04, "the last page ends it");
  pages.forEach((page, i) => {
    assert.equal(page.serial, pages[0].serial);
    assert.equal(page.sequence, i);
    if (i > 0 && page.granule !== 0xffffffffffffffffn) assert.ok(page.granule >= pages[i - 1].granule, `granule of page ${i} goes forward`);
  });
  const preSkip = pages[0].payload.readUInt16LE(10);
  const granule = pages.reduce((max, page) => (page.granule !== 0xffffffffffffffffn && page.granule > max ? page.granule : max), 0n);
  const durationMs = Number(granule - BigInt(preSkip)) / 48;
  const spokenMs = stoppedAt - startedAt;
  assert.ok(Math.abs(durationMs - spokenMs) < 1_500, `the file lasts ${durationMs} ms for ${spokenMs} ms recorded`);
  console.log(`recorded ${spokenMs} ms: ${ogg.length} bytes, ${pages.length} pages, ${durationMs} ms of Opus; `
    + `one hour at this rate: ${(ogg.length / (durationMs / 1000) * 3600 / 1e6).toFixed(1)} MB`);

  // The <audio> element seeks with byte ranges.
  const range = await fetch(`${stage.server.url}${file.url}`, { headers: { Authorization: `Bearer ${teacherToken}`, Range: "bytes=0-99" } });
  assert.equal(range.status, 206);
  assert.equal(Buffer.from(await range.arrayBuffer()).length, 100);
  // Chromium itself reads it: an <audio> element on the teacher's page (the link as ?token=, since it sends no
  // header) loads the file, knows its length and seeks into it.
  const played = await teacher.evaluate(async ([url, token]) => {
    const audio = new Audio(`${url}?token=${encodeURIComponent(token)}`);
    await new Promise((done, fail) => { audio.onloadedmetadata = done; audio.onerror = () => fail(new Error(`not playable: ${audio.error?.message}`)); });
    audio.currentTime = audio.duration / 2;
    await new Promise((done) => { audio.onseeked = done; });
    return audio.duration * 1000;
  }, [file.url, teacherToken]);
  assert.ok(Math.abs(played - durationMs) < 100, `Chromium reads ${played} ms`);

  // Teachers only, until the replay is opened to students: then they hear it with the replay.
  const byStudent = await api("/recordings", tokenOf(room.student.url));
  assert.equal(byStudent.status, 403);
  assert.equal((await byStudent.json()).error, "forbidden");
  assert.equal((await api(`/recordings/${file.id}.ogg`, tokenOf(room.student.url))).status, 403);
  assert.equal((await api("/recordings/0000.ogg")).status, 404);
  await teacher.click("#open-settings");
  await teacher.check("#students-may-replay");
  await until(async () => (await api("/recordings", tokenOf(room.student.url))).status === 200, 5_000, "the student may listen");
  assert.equal((await api(`/recordings/${file.id}.ogg`, tokenOf(room.student.url))).status, 200);
  await teacher.click("#close-settings");

  // The replay plays this very file in step with its clock: seek, 2x, pause.
  const replayCtx = await context(DESKTOP);
  const replay = await replayCtx.newPage();
  await replay.goto(`${stage.server.url}/c/${room.roomId}/replay#${teacherToken}`);
  await replay.waitForFunction(() => window.__ardoiseReplay !== undefined, null, { timeout: 15_000 });
  const intoRecording = file.startedAtMs - (await replay.evaluate(() => window.__ardoiseReplay.startMs));
  const heard = () => replay.evaluate(() => {
    const element = document.querySelector(".replay-audio");
    return { src: element.src, time: element.currentTime, rate: element.playbackRate, paused: element.paused };
  });
  assert.ok(await replay.isVisible(".replay-voice"), "the replay says the teacher's voice is there");
  await replay.evaluate((at) => window.__ardoiseReplay.timeSeek(at), intoRecording + 2_000);
  await replay.waitForFunction(() => document.querySelector(".replay-audio").readyState >= 1, null, { timeout: 10_000 });
  let audio = await heard();
  assert.match(audio.src, new RegExp(`${file.id}\\.ogg\\?token=`), "the real file, the link as ?token=");
  assert.ok(Math.abs(audio.time - 2) < 0.35, `2 s into the recording: ${audio.time}`);
  await replay.check("#replay-speed-2", { force: true });
  await replay.click("#replay-play");
  await replay.waitForFunction(() => !document.querySelector(".replay-audio").paused, null, { timeout: 5_000 });
  await replay.waitForTimeout(600);
  const drift = await replay.evaluate((offset) =>
    document.querySelector(".replay-audio").currentTime - (window.__ardoiseReplay.now - offset) / 1000, intoRecording);
  assert.equal((await heard()).rate, 2);
  assert.ok(Math.abs(drift) < 0.5, `the recording keeps to the replay's clock: ${drift.toFixed(2)} s off`);
  await replay.click("#replay-play");
  assert.equal((await heard()).paused, true, "paused with the replay");
  await replayCtx.close();

  // The export carries the file and says whose voice it is: the teacher's.
  const zip = Buffer.from(await (await api("/export", API_KEY)).arrayBuffer());
  const archive = JSON.parse(unzipped(zip, "class.json").toString("utf8"));
  assert.deepEqual(archive.recordings.map((r) => r.participantId), [teacherId]);
  assert.deepEqual(unzipped(zip, `recordings/${file.id}.ogg`), ogg);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});
