// Attendance end to end: talk time measured by the real SFU from the audio level RTP header extension of a real
// Chromium's microphone, whose fake capture plays a WAV this file writes with known spans of sound and silence; then
// the teacher's attendance dialog, at a desktop's and a phone's width.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join as joinPath } from "node:path";
import { test } from "node:test";
import { axeViolations, join, screenshot } from "./helpers.mjs";
import { API_KEY, createRoom } from "./server.mjs";
import { useMediaStage } from "./stage.mjs";

const RATE = 48_000;
// From the moment the microphone opens: 4 s of silence (time for the connection to come up), 3 s of sound, 2 s of
// silence, 3 s of sound, then silence to the end of the file (Chromium loops it, after 30 s).
const SPANS = [[4, false], [3, true], [2, false], [3, true], [18, false]];
const SPOKEN_MS = 6_000;

/**
 * A 16-bit mono WAV. The sound is speech-like rather than a steady tone, which the browser's noise suppression
 * would learn and take out: three harmonics of 180 Hz, their loudness swinging at 4 Hz between 40 % and 100 %.
 */
function wav(spans) {
  const samples = spans.reduce((n, [seconds]) => n + seconds * RATE, 0);
  const data = Buffer.alloc(samples * 2);
  let i = 0;
  for (const [seconds, sound] of spans) {
    for (let k = 0; k < seconds * RATE; k++, i++) {
      const time = i / RATE;
      const envelope = 0.7 + 0.3 * Math.sin(2 * Math.PI * 4 * time);
      const voice = (Math.sin(2 * Math.PI * 180 * time) + 0.5 * Math.sin(2 * Math.PI * 360 * time) + 0.25 * Math.sin(2 * Math.PI * 540 * time)) / 1.75;
      data.writeInt16LE(sound ? Math.round(0.6 * envelope * voice * 32_767) : 0, i * 2);
    }
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

// The SFU reports talk and camera time every second here (5 s as shipped), so the waits below are short.
const REPORT_MS = 1_000;
const stage = useMediaStage((dir) => {
  const file = joinPath(dir, "voice.wav");
  writeFileSync(file, wav(SPANS));
  return [`--use-file-for-fake-audio-capture=${file}`];
}, "ardoise-attendance-", { env: { ARDOISE_MEDIA_ACTIVITY_EVERY: `${REPORT_MS}ms` } });

async function attendance(roomId) {
  const response = await fetch(`${stage.server.url}/api/v1/rooms/${roomId}/attendance`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  assert.equal(response.status, 200);
  return response.json();
}

const row = (sheet, name) => sheet.sessions.at(-1)?.participants.find((p) => p.name === name);

test("talk time is the microphone's scripted sound within 10 %, camera time stops with the camera, both measured by the SFU; the teacher sees them in the attendance dialog", async () => {
  const room = await createRoom(stage.server.url, "Histoire 4A");
  const teacherCtx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 800 } });
  const studentCtx = await stage.browser.newContext({ locale: "fr-FR", viewport: { width: 360, height: 740 } });
  const teacher = await join(teacherCtx, room.teacher.url, "Mme Curie");
  const student = await join(studentCtx, room.student.url, "Irène");
  await Promise.all([teacher, student].map((page) => page.waitForFunction(() => window.__ardoise.media.phase === "joined", null, { timeout: 20_000 })));
  // The microphone opens here: the WAV starts from its beginning.
  await teacher.click("#media-microphone");
  const cameraOn = Date.now();
  await teacher.click("#media-camera");
  const speakingEnds = Date.now() + 12_000;
  await student.click("#raise-hand");

  // The last sound ends 12 s in; three reports later every bit of it has reached the class.
  await new Promise((r) => setTimeout(r, Math.max(0, speakingEnds - Date.now()) + 3 * REPORT_MS));
  const sheet = await attendance(room.roomId);
  const curie = row(sheet, "Mme Curie");
  const talk = Number(curie.talkMs ?? 0);
  const error = (talk - SPOKEN_MS) / SPOKEN_MS;
  console.log(`talk time measured ${talk} ms for ${SPOKEN_MS} ms of sound: error ${(error * 100).toFixed(1)} %`);
  const camera = Number(curie.cameraMs ?? 0);
  console.log(`camera time ${camera} ms for a camera on for ${Date.now() - cameraOn} ms (reported every ${REPORT_MS} ms)`);
  assert.ok(Math.abs(error) <= 0.1, `talk ${talk} ms, scripted ${SPOKEN_MS} ms`);
  assert.ok(camera > 5_000, `camera ${camera} ms`);
  assert.equal(Number(row(sheet, "Irène").talkMs ?? 0), 0, "the student never opened her microphone");
  assert.equal(row(sheet, "Irène").handsRaised, 1);

  // The camera turned off in the page (its track disabled, so the browser sends black frames at a low rate, if any):
  // camera time stops. Read once the reports that cover the time before have come, then six reports later.
  await teacher.click("#media-camera");
  await new Promise((r) => setTimeout(r, 3 * REPORT_MS));
  const before = Number(row(await attendance(room.roomId), "Mme Curie").cameraMs ?? 0);
  await new Promise((r) => setTimeout(r, 6 * REPORT_MS));
  const later = Number(row(await attendance(room.roomId), "Mme Curie").cameraMs ?? 0);
  console.log(`camera time ${before} ms, then ${later} ms ${6 * REPORT_MS} ms after the camera was turned off`);
  assert.ok(later - before <= 1_500, `a turned-off camera counted ${later - before} ms more`);

  await teacher.click("#open-settings");
  await teacher.click("#open-attendance");
  await teacher.waitForSelector(".attendance-table tbody tr");
  assert.match(await teacher.locator(".attendance-table").innerText(), /Mme Curie[\s\S]*Irène|Irène[\s\S]*Mme Curie/);
  await screenshot(teacher, "attendance-1280");
  assert.deepEqual(await axeViolations(teacher), []);
  await teacher.setViewportSize({ width: 360, height: 740 });
  await screenshot(teacher, "attendance-360");
  const overflow = await teacher.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 360 px: only the table should`);

  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.click("#attendance-csv")]);
  assert.match(download.suggestedFilename(), /^attendance-.*\.csv$/);
  await Promise.all([teacherCtx.close(), studentCtx.close()]);
});
