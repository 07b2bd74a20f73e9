import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { WhiteboardDoc } from "../src/doc.js";
import type { WhiteboardOp } from "../src/types.js";
import { Classroom, Client, prng } from "./classroom.js";

// Convergence of whole classrooms, as in Java's ConvergenceTest: 2 to 5 clients through a
// simulated room with delays, redeliveries and resyncs; then the room's log in shuffled orders.

const scenario = {
  clients: fc.integer({ min: 2, max: 5 }),
  steps: fc.array(fc.integer({ min: 0, max: 4095 }), { maxLength: 200 }),
  seed: fc.integer(),
};

test("every replica ends with the room's state", async () => {
  await fc.assert(
    fc.asyncProperty(scenario.clients, scenario.steps, scenario.seed, async (clients, steps, seed) => {
      const classroom = Classroom.run(clients, steps, seed);
      const expected = await classroom.room.digest();
      for (const client of classroom.clients) assert.equal(await client.doc.digest(), expected, client.id);
    }),
    { numRuns: 150 },
  );
});

test("any order of the ops, with repeats, gives the same state", async () => {
  await fc.assert(
    fc.asyncProperty(scenario.clients, scenario.steps, scenario.seed, async (clients, steps, seed) => {
      const classroom = Classroom.run(clients, steps, seed);
      const ops: WhiteboardOp[] = classroom.log.flatMap((batch) => batch.ops ?? []);
      const random = prng(seed ^ 0x5bd1e995);
      const expected = await classroom.room.digest();
      for (let permutation = 0; permutation < 5; permutation++) {
        const shuffled = [...ops];
        for (let i = 0; i < ops.length / 4; i++) shuffled.push(ops[random(ops.length)]!);
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = random(i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const doc = new WhiteboardDoc();
        for (const op of shuffled) doc.apply(op);
        assert.equal(await doc.digest(), expected);
      }
    }),
    { numRuns: 150 },
  );
});

test("a snapshot round-trips through JSON and joins with any ops", async () => {
  await fc.assert(
    fc.asyncProperty(scenario.clients, scenario.steps, scenario.seed, async (clients, steps, seed) => {
      const classroom = Classroom.run(clients, steps, seed);
      const expected = await classroom.room.digest();
      const copy = WhiteboardDoc.fromSnapshot(JSON.parse(JSON.stringify(classroom.room.toSnapshot())));
      assert.equal(await copy.digest(), expected);
      const ops = classroom.log.flatMap((batch) => batch.ops ?? []);
      const early = new WhiteboardDoc();
      ops.slice(0, prng(seed)(ops.length + 1)).forEach((op) => early.apply(op));
      const joiner = WhiteboardDoc.fromSnapshot(early.toSnapshot());
      [...ops].reverse().forEach((op) => joiner.apply(op));
      assert.equal(await joiner.digest(), expected);
    }),
    { numRuns: 100 },
  );
});

test("undoing n then redoing n shows the same board", async () => {
  await fc.assert(
    fc.asyncProperty(
      scenario.clients,
      scenario.steps,
      scenario.seed,
      fc.integer({ min: 1, max: 12 }),
      async (clients, steps, seed, n) => {
        const classroom = Classroom.run(clients, steps, seed);
        for (const client of classroom.clients) {
          const before = await client.doc.viewDigest();
          let undone = 0;
          while (undone < n && client.history.undo() !== undefined) undone++;
          for (let i = 0; i < undone; i++) assert.ok(client.history.redo() !== undefined);
          assert.equal(await client.doc.viewDigest(), before, client.id);
        }
      },
    ),
    { numRuns: 100 },
  );
});

test("undoing n of one's own edits shows the board as it was n edits ago", async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.integer({ min: 1, max: 40 }), async (edits, seed, n) => {
      const client = new Client("solo", prng(seed));
      const views: string[] = [];
      for (let i = 0; i < edits; i++) {
        views.push(await client.doc.viewDigest());
        client.act(client.nextEdit());
      }
      const last = await client.doc.viewDigest();
      const undos = Math.min(n, edits);
      for (let i = 0; i < undos; i++) assert.ok(client.history.undo() !== undefined);
      assert.equal(await client.doc.viewDigest(), views[edits - undos]);
      for (let i = 0; i < undos; i++) assert.ok(client.history.redo() !== undefined);
      assert.equal(await client.doc.viewDigest(), last);
    }),
    { numRuns: 150 },
  );
});
