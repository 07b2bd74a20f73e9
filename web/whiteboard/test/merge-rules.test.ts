import assert from "node:assert/strict";
import { test } from "node:test";
import { WhiteboardDoc } from "../src/doc.js";
import { check } from "../src/limits.js";
import { malformed } from "../src/op-check.js";
import type { WhiteboardOp } from "../src/types.js";

// What the vectors do not show: the queries the room uses, and the refusal reasons, which are
// word for word those of Java's OpCheck and WhiteboardLimits.

const op = (lamport: number, clientId: string, body: Partial<WhiteboardOp>): WhiteboardOp => ({
  id: `${clientId}:${lamport}`,
  lamport: String(lamport),
  clientId,
  page: "p1",
  ...body,
});

test("the queries the room judges ops with", () => {
  const doc = new WhiteboardDoc();
  doc.apply(op(1, "room", { addPage: { title: "One", order: "a0" } }));
  doc.apply(op(2, "c1", { createShape: { shapeId: "c1:2", kind: "SHAPE_KIND_PEN", props: { x: 1 }, points: [0, 0, 3, 4] } }));
  doc.apply(op(3, "c2", { createShape: { shapeId: "c2:3", kind: "SHAPE_KIND_TEXT", props: { text: "hi" } } }));
  assert.deepEqual(doc.shape("p1", "c1:2"), { shapeId: "c1:2", kind: "SHAPE_KIND_PEN", owner: "c1", live: true, pointCount: 2 });
  assert.equal(doc.liveShapeCount("p1"), 2);
  assert.equal(doc.apply(op(4, "c2", { deleteShape: { shapeId: "c1:2" } })), true);
  assert.equal(doc.apply(op(4, "c2", { deleteShape: { shapeId: "c1:2" } })), false, "re-applying changes nothing");
  assert.equal(doc.apply(op(9, "c1", { updateProps: { shapeId: "c1:2", props: { x: 5 } } })), true);
  assert.equal(doc.shape("p1", "c1:2")?.live, false, "a delete beats a later update");
  assert.equal(doc.liveShapeCount("p1"), 1);
  assert.equal(doc.maxLamport, 9n);
  assert.equal(doc.pageIsLive("p1"), true);
  assert.equal(doc.shape("p1", "nope"), undefined);
});

test("a batch with a malformed op applies nothing", () => {
  const doc = new WhiteboardDoc();
  assert.throws(
    () => doc.applyBatch({ ops: [op(1, "room", { addPage: { title: "One" } }), op(2, "c1", { deleteShape: {} })] }),
    /^Error: op without shape_id/,
  );
  assert.equal(doc.pages.size, 0);
});

test("malformed ops are named as in Java", () => {
  assert.equal(malformed(op(0, "c1", { clearPage: {} })), "op without lamport");
  assert.equal(malformed(op(1, "c1", {})), "op without body");
  assert.equal(malformed(op(1, "", { clearPage: {} })), "op without client_id");
  assert.equal(malformed(op(2, "c1", { updateProps: { shapeId: "c1:1", props: {} } })), "update that sets no property");
  assert.equal(
    malformed(op(2, "c1", { createShape: { shapeId: "c1:2", kind: "SHAPE_KIND_RECTANGLE", points: [1, 2] } })),
    "points on a shape that is not freehand",
  );
  assert.equal(malformed(op(2, "c1", { createShape: { shapeId: "c1:2", kind: "SHAPE_KIND_PEN", points: [1] } })), "odd number of point coordinates");
  assert.equal(malformed(op(2, "c1", { createShape: { shapeId: "c1:2" } })), "shape without kind");
  assert.equal(malformed(op(2, "c1", { updateProps: { shapeId: "c1:1", props: { fillColor: "" } } })), undefined);
});

test("an image names its picture by SHA-256, and only an image has one", () => {
  const hash = "ab".repeat(32);
  const image = (props: object) => op(2, "t1", { createShape: { shapeId: "t1:2", kind: "SHAPE_KIND_IMAGE", props } });
  assert.equal(malformed(image({ image: hash, width: 100, height: 80 })), undefined);
  assert.equal(malformed(image({ width: 100 })), "image without its picture");
  assert.equal(malformed(image({ image: "https://example.org/x.png" })), "picture that is not a SHA-256 in lower-case hex");
  assert.equal(malformed(image({ image: hash.toUpperCase() })), "picture that is not a SHA-256 in lower-case hex");
  assert.equal(
    malformed(op(2, "c1", { createShape: { shapeId: "c1:2", kind: "SHAPE_KIND_RECTANGLE", props: { image: hash } } })),
    "picture on a shape that is not an image",
  );
  assert.equal(malformed(op(3, "t1", { updateProps: { shapeId: "t1:2", props: { image: "x" } } })), "picture that is not a SHA-256 in lower-case hex");
  assert.equal(malformed(op(3, "t1", { updateProps: { shapeId: "t1:2", props: { image: hash } } })), undefined);
});

test("the room's limits on one op", () => {
  const points = new Array<number>(2 * 5_001).fill(1);
  assert.deepEqual(check(op(2, "c1", { createShape: { shapeId: "c1:2", kind: "SHAPE_KIND_PEN", points } }), 1n), { code: "too_large", reason: "stroke longer than 5000 points" });
  assert.deepEqual(check(op(2, "c1", { updateProps: { shapeId: "c1:2", props: { text: "é".repeat(2001) } } }), 1n), { code: "too_large", reason: "text longer than 2000 characters" });
  assert.equal(check(op(2, "c1", { updateProps: { shapeId: "c1:2", props: { text: "é".repeat(2000) } } }), 1n), undefined);
});
