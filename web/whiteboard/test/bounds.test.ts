import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { check, checkCursor, checkLiveStroke, type Breach } from "../src/limits.js";
import type { Cursor, LiveStroke, WhiteboardOp } from "../src/types.js";

// The bounds cases shared with Java's BoundsVectorsTest: each value, judged against its
// maxLamport, gives the recorded breach — code and reason word for word — or none.

interface Case {
  description: string;
  kind: "op" | "liveStroke" | "cursor";
  maxLamport: string;
  value: unknown;
  expected: Breach | null;
}

const file = new URL("../../../../protocol/src/test/resources/whiteboard-bounds.json", import.meta.url);
const cases = JSON.parse(readFileSync(file, "utf8")) as Case[];

test("the cases cover both sides of the bounds", () => {
  // A file emptied or made one-sided by mistake must not pass.
  assert.ok(cases.filter((c) => c.expected === null).length >= 40);
  assert.ok(cases.filter((c) => c.expected !== null).length >= 60);
});

for (const c of cases) {
  test(c.description, () => {
    assert.deepEqual(judge(c), c.expected ?? undefined, c.description);
  });
}

function judge(c: Case): Breach | undefined {
  switch (c.kind) {
    case "op":
      return check(c.value as WhiteboardOp, BigInt(c.maxLamport));
    case "liveStroke":
      return checkLiveStroke(c.value as LiveStroke);
    case "cursor":
      return checkCursor(c.value as Cursor);
  }
}
