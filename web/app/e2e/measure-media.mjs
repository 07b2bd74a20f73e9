// The media number of issue 6: the time from a student opening the class link (then typing a name and
// pressing Enter, as a person does) to the first decoded frame of the teacher's camera, median of 5
// runs, each a fresh browser context. The real SFU and one server from the last Maven build.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MEDIA_ARGS, startBrowser } from "./browser.mjs";
import { enter } from "./helpers.mjs";
import { createRoom, startServer } from "./server.mjs";
import { startSfu } from "./sfu.mjs";

const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), "ardoise-sfu-"));
const [sfu, browser] = await Promise.all([startSfu(dir), startBrowser(MEDIA_ARGS)]);
const server = await startServer({ sfu });
try {
  const room = await createRoom(server.url, "Mesure média");
  const teacherCtx = await browser.newContext();
  const teacher = await teacherCtx.newPage();
  await enter(teacher, room.teacher.url, "Prof");
  await teacher.waitForFunction(() => window.__ardoise?.media?.phase === "joined", null, { timeout: 30_000 });
  await teacher.click("#media-camera");
  await teacher.waitForFunction(() => window.__ardoise.media.local.includes("camera"));
  const teacherId = await teacher.evaluate(() => window.__ardoise.participantId);

  const times = [];
  const steps = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const start = performance.now();
    await enter(page, room.student.url, `Élève ${run}`);
    // getStats is asynchronous, so the page is asked every 20 ms (a poll costs about a millisecond).
    // On the way, when the board showed and when the SFU took the student (media JOINED).
    let board;
    let joined;
    for (;;) {
      const seen = await page.evaluate(async (owner) => {
        const a = window.__ardoise;
        if (!a?.media) return { frames: 0 };
        const inbound = await a.media.inbound();
        return {
          board: a.boardVisible,
          joined: a.media.phase === "joined",
          frames: Math.max(0, ...inbound.filter((s) => s.kind === "video" && s.owner === owner).map((s) => s.framesDecoded)),
        };
      }, teacherId);
      const now = performance.now() - start;
      if (seen.board && board === undefined) board = now;
      if (seen.joined && joined === undefined) joined = now;
      if (seen.frames > 0) break;
      if (now > 60_000) throw new Error("no frame in 60 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    times.push(performance.now() - start);
    steps.push({ board, joined });
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`join to first decoded frame of the teacher's camera, ${RUNS} runs: median ${sorted[(RUNS - 1) / 2].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[RUNS - 1].toFixed(0)}; runs ${times.map((t) => t.toFixed(0)).join(", ")})`);
  const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) / 2];
  console.log(`  of which: board visible at ${median(steps.map((s) => s.board ?? NaN)).toFixed(0)} ms, media joined at ${median(steps.map((s) => s.joined ?? NaN)).toFixed(0)} ms (medians)`);
  await teacherCtx.close();
} finally {
  await browser.close();
  await server.stop();
  await sfu.stop();
  rmSync(dir, { recursive: true, force: true });
}
