import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { between } from "../src/fractional-index.js";
import { MAX_SHAPES_PER_PAGE } from "../src/limits.js";

// The same keys as Java's FractionalIndexTest: clients of both kinds must make the same ones.

test("stacks by steps and squeezes by fractions", () => {
  assert.equal(between(null, null), "a0");
  assert.equal(between("a0", null), "a1");
  assert.equal(between(null, "a0"), "Zz");
  assert.equal(between("az", null), "b00");
  assert.equal(between(null, "Z0"), "Yzz");
  assert.equal(between("a0", "a1"), "a0V");
  assert.equal(between("a0", "a2"), "a1");
  assert.equal(between("a0V", "a1"), "a0k");
  assert.equal(between("a0", "a0V"), "a0F");
  assert.equal(between(null, "a0V"), "a0");
});

test("refuses keys it would never make", () => {
  for (const [before, after] of [["a1", "a1"], ["a1V0", null], ["", null], ["a", null], ["a1-", null]] as const) {
    assert.throws(() => between(before, after));
  }
});

test("stacking a page full keeps keys short", () => {
  let top: string | null = null;
  let bottom = "a0";
  for (let i = 0; i < MAX_SHAPES_PER_PAGE; i++) {
    top = between(top, null);
    bottom = between(null, bottom);
  }
  assert.equal(top!.length, 4);
  assert.equal(bottom.length, 4);
});

test("inserting anywhere keeps the order", () => {
  fc.assert(
    fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 300 }), (positions) => {
      const keys: string[] = [];
      for (const position of positions) {
        const at = position % (keys.length + 1);
        const key = between(at === 0 ? null : keys[at - 1]!, at === keys.length ? null : keys[at]!);
        between(key, null);
        keys.splice(at, 0, key);
      }
      for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1]! < keys[i]!, keys.join(" "));
    }),
    { numRuns: 200 },
  );
});
