// The teachers' voice on the replay's clock: which recording covers a moment, where in it, and when the audio is far
// enough off to be moved. `npm test` bundles this for Node with vite (it resolves the client's imports) and runs it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { audioAt, drifted, DRIFT_S, type Recording } from "../src/replay-audio";

const at = (startedAtMs: number, endedAtMs: number, id: string): Recording => ({ id, startedAtMs, endedAtMs, bytes: 1, url: `/r/${id}.ogg` });
const recordings = [at(1_000_000, 1_600_000, "a"), at(2_000_000, 2_300_000, "b")];

test("a moment inside a recording plays it from that far in", () => {
  assert.deepEqual(audioAt(recordings, 1_000_000), { recording: recordings[0], offsetS: 0 });
  assert.deepEqual(audioAt(recordings, 1_090_500), { recording: recordings[0], offsetS: 90.5 });
  assert.deepEqual(audioAt(recordings, 2_299_999), { recording: recordings[1], offsetS: 299.999 });
});

test("before, between and after the recordings, nothing plays", () => {
  assert.equal(audioAt(recordings, 999_999), undefined);
  assert.equal(audioAt(recordings, 1_600_000), undefined, "a recording's end is past it");
  assert.equal(audioAt(recordings, 1_800_000), undefined);
  assert.equal(audioAt(recordings, 2_300_000), undefined);
  assert.equal(audioAt([], 1_000_000), undefined);
});

test("the audio is moved only when it strays past the tolerance, either way", () => {
  assert.equal(drifted(10, 10), false);
  assert.equal(drifted(10 + DRIFT_S * 0.9, 10), false);
  assert.equal(drifted(10 - DRIFT_S * 0.9, 10), false);
  assert.equal(drifted(10 + DRIFT_S * 1.1, 10), true);
  assert.equal(drifted(0, 42), true, "a seek far ahead");
});
