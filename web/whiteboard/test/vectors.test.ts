import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { WhiteboardDoc } from "../src/doc.js";
import type { WhiteboardBatch, WhiteboardDocumentJson } from "../src/types.js";

// The vectors shared with Java's VectorsTest: every listed order must give the recorded
// digests, texts and snapshot, byte for byte.

interface Vector {
  description: string;
  batches: WhiteboardBatch[];
  orders: number[][];
  expected: {
    digest: string;
    viewDigest: string;
    view: string[];
    replica: string[];
    snapshot: WhiteboardDocumentJson;
  };
}

const dir = new URL("../../../../protocol/src/test/resources/whiteboard-vectors/", import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();

test("there are vectors", () => {
  assert.ok(files.length >= 14, `${files.length} vectors in ${dir}`);
});

for (const file of files) {
  test(`vector ${file}`, async () => {
    const vector = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Vector;
    for (const order of vector.orders) {
      const doc = new WhiteboardDoc();
      for (const index of order) doc.applyBatch(vector.batches[index]!);
      const where = `${file} order ${JSON.stringify(order)}`;
      assert.deepEqual(lines(doc.viewText()), vector.expected.view, where);
      assert.deepEqual(lines(doc.replicaText()), vector.expected.replica, where);
      assert.equal(await doc.viewDigest(), vector.expected.viewDigest, where);
      assert.equal(await doc.digest(), vector.expected.digest, where);
      assert.deepEqual(doc.toSnapshot(), vector.expected.snapshot, where);
    }
    assert.equal(await WhiteboardDoc.fromSnapshot(vector.expected.snapshot).digest(), vector.expected.digest);
  });
}

function lines(text: string): string[] {
  return text.split("\n").slice(0, -1);
}
