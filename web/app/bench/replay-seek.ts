// The replay's seek time on a generated one-hour class (bench/replay-bench builds and runs this with Node): the
// journal a class of 30 students and a teacher would leave, board ops by default 10,000, folded by the browser's own
// ReplayFold, then seeks to random moments, timed. Node runs the same V8 as Chromium; no canvas is drawn here.
import { create } from "@bufbuild/protobuf";
import { ReplayFold, CHECKPOINT_EVERY } from "../src/replay-fold";
import { Role, RoomEventSchema, RoomSnapshotSchema, type RoomEvent } from "../src/gen/ardoise/v1/room_pb";
import { ShapeKind, WhiteboardDocumentSchema, type WhiteboardOp } from "../src/gen/ardoise/v1/whiteboard_pb";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const OPS = arg("ops", 10_000);
const SEEKS = arg("seeks", 200);
const HOUR_MS = arg("minutes", 60) * 60_000;
const STUDENTS = 30;
const CHATS = arg("chats", 600);

// A fixed seed: every run replays the same class.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

function generate(): { events: RoomEvent[]; startMs: number } {
  const startMs = Date.UTC(2026, 11, 7, 8, 0, 0);
  const timeline: { at: number; body: RoomEvent["body"]; author: string }[] = [];
  const teacher = "t1";
  timeline.push({ at: 1_000, author: teacher, body: { case: "joined", value: { participantId: teacher, name: "Mme Roux", role: Role.TEACHER } } as RoomEvent["body"] });
  for (let i = 0; i < STUDENTS; i++) {
    const id = `s${i}`;
    timeline.push({ at: 2_000 + random() * 300_000, author: id, body: { case: "joined", value: { participantId: id, name: `Élève ${i}`, role: Role.STUDENT } } as RoomEvent["body"] });
    if (random() < 0.3) timeline.push({ at: 600_000 + random() * 2_900_000, author: id, body: { case: "disconnected", value: { participantId: id } } as RoomEvent["body"] });
  }
  for (let i = 0; i < CHATS; i++) {
    const from = random() < 0.4 ? teacher : `s${Math.floor(random() * STUDENTS)}`;
    timeline.push({ at: 300_000 + random() * (HOUR_MS - 310_000), author: from, body: { case: "chat", value: { text: `message ${i}`, to: "" } } as RoomEvent["body"] });
  }
  // The board: a new page every tenth of the class; pen strokes of 30 points mostly, shapes, moves and deletions.
  let lamport = 10n;
  const pages = ["room:1"];
  const live: { page: string; id: string }[] = [];
  for (let i = 0; i < OPS; i++) {
    const at = 300_000 + (i / OPS) * (HOUR_MS - 310_000);
    const page = pages[pages.length - 1];
    const op: Partial<WhiteboardOp> & { body: WhiteboardOp["body"] } = { body: { case: undefined } };
    const pick = random();
    if (i > 0 && i % Math.floor(OPS / 10) === 0) {
      const id = `t1:p${pages.length + 1}`;
      op.body = { case: "addPage", value: { title: `Page ${pages.length + 1}`, order: `a${pages.length + 1}` } } as WhiteboardOp["body"];
      pages.push(id);
      Object.assign(op, { page: id, id });
    } else if (pick < 0.15 && live.length > 0) {
      const target = live[Math.floor(random() * live.length)];
      Object.assign(op, { page: target.page, id: `t1:u${i}` });
      op.body = { case: "updateProps", value: { shapeId: target.id, props: { x: Math.floor(random() * 15_000), y: Math.floor(random() * 9_000) } } } as WhiteboardOp["body"];
    } else if (pick < 0.22 && live.length > 0) {
      const target = live.splice(Math.floor(random() * live.length), 1)[0];
      Object.assign(op, { page: target.page, id: `t1:d${i}` });
      op.body = { case: "deleteShape", value: { shapeId: target.id } } as WhiteboardOp["body"];
    } else {
      const id = `t1:s${i}`;
      const pen = pick < 0.85;
      const points = pen ? Array.from({ length: 60 }, () => Math.floor(random() * 200) - 100) : [];
      Object.assign(op, { page, id });
      op.body = { case: "createShape", value: { shapeId: id, kind: pen ? ShapeKind.PEN : ShapeKind.RECTANGLE, points, props: {
        x: Math.floor(random() * 15_000), y: Math.floor(random() * 9_000), width: pen ? 0 : 1_500, height: pen ? 0 : 900,
        strokeColor: "#1c5fa8", strokeWidth: 30, opacity: 100, zIndex: `a${i.toString(36)}`,
      } } } as WhiteboardOp["body"];
      live.push({ page, id });
    }
    timeline.push({ at, author: teacher, body: { case: "whiteboard", value: { ops: [{ ...op, lamport: ++lamport, clientId: teacher }] } } as RoomEvent["body"] });
  }
  timeline.sort((a, b) => a.at - b.at);
  const events = timeline.map((entry, i) => create(RoomEventSchema, {
    seq: BigInt(i + 2), timeMs: BigInt(Math.round(startMs + entry.at)), author: entry.author, body: entry.body,
  } as never));
  return { events, startMs };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const { events, startMs } = generate();
const firstPage = create(WhiteboardDocumentSchema, { pages: [{ pageId: "room:1", life: { created: { lamport: 1n, clientId: "room" } }, order: { value: "a0", stamp: { lamport: 1n, clientId: "room" } } }] } as never);
const start = create(RoomSnapshotSchema, { title: "Sciences 4B", whiteboard: firstPage });
const built = performance.now();
const fold = new ReplayFold(start, startMs, events);
const buildMs = performance.now() - built;
// Wall time, and the process's CPU time: on a shared machine the first counts others' work too, the second does not.
const times: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < SEEKS; i++) {
  const at = startMs + random() * (fold.endMs - startMs);
  const began = performance.now();
  const used = process.cpuUsage();
  fold.seek(at);
  const spent = process.cpuUsage(used);
  times.push(performance.now() - began);
  cpu.push((spent.user + spent.system) / 1000);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const boardOps = events.filter((e) => e.body.case === "whiteboard").length;
fold.seek(fold.endMs);
const shapes = [...fold.board.doc.pages.keys()].reduce((n, page) => n + fold.board.doc.liveShapeCount(page), 0);
console.log(`class: ${Math.round((fold.endMs - startMs) / 60_000)} min, ${events.length} events, ${boardOps} board ops, ${shapes} shapes live at the end, checkpoints every ${CHECKPOINT_EVERY} events`);
console.log(`load (fold once, checkpoints): ${buildMs.toFixed(0)} ms`);
console.log(`seeks to ${SEEKS} random moments: median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
console.log(`the same seeks in CPU time: median ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms`);
console.log(`result: ops=${boardOps} events=${events.length} load_ms=${buildMs.toFixed(0)} seek_p50_ms=${percentile(times, 50).toFixed(1)} seek_p95_ms=${percentile(times, 95).toFixed(1)} seek_max_ms=${times[times.length - 1].toFixed(1)} seek_cpu_p50_ms=${percentile(cpu, 50).toFixed(1)} seek_cpu_p95_ms=${percentile(cpu, 95).toFixed(1)}`);
