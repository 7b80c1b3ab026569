import assert from "node:assert/strict";
import { loadRecording } from "../../src/io/spikes.ts";
import { encodeNpy } from "../../src/io/npy.ts";
import { InputError } from "../../src/util/errors.ts";

const stimulus = encodeNpy(new Uint8Array(4 * 2 * 2).map((_, i) => (i % 2) * 255), [4, 2, 2]);

Deno.test("spikes: times are binned per frame (frame rate), uint8 stimulus → ±0.5", () => {
  const spikes = encodeNpy(new Float64Array([0.01, 0.09, 0.11, 0.35, 0.41, -1]), [6]);
  const rec = loadRecording({ stimulus, spikes, frameRate: 10 });
  assert.deepEqual(Array.from(rec.counts[0]), [2, 1, 0, 1]);
  assert.equal(rec.dropped, 2); // 0.41 is past the last frame (0.3 + 0.1), −1 before the first
  assert.deepEqual(Array.from(rec.movie.data.slice(0, 2)), [-0.5, 0.5]);
  assert.equal(rec.movie.size, 2);
  assert.ok(Math.abs(rec.frameRate - 10) < 1e-9);
});

Deno.test("spikes: [n, 2] (time, cell) rows and explicit frame times", () => {
  const spikes = encodeNpy(new Float32Array([0.5, 0, 1.5, 1, 2.5, 1, 2.6, 0]), [4, 2]);
  const frameTimes = encodeNpy(new Float64Array([0, 1, 2, 3]), [4]);
  const rec = loadRecording({ stimulus, spikes, frameTimes });
  assert.equal(rec.counts.length, 2);
  assert.deepEqual(Array.from(rec.counts[0]), [1, 0, 1, 0]);
  assert.deepEqual(Array.from(rec.counts[1]), [0, 1, 1, 0]);
});

Deno.test("spikes: malformed inputs are one-line InputErrors", () => {
  const spikes = encodeNpy(new Float64Array([0.1]), [1]);
  assert.throws(() => loadRecording({ stimulus, spikes }), InputError);
  const flat = encodeNpy(new Float32Array(6), [6]);
  assert.throws(() => loadRecording({ stimulus: flat, spikes, frameRate: 30 }), InputError);
  const badTimes = encodeNpy(new Float64Array([0, 2, 1, 3]), [4]);
  assert.throws(() => loadRecording({ stimulus, spikes, frameTimes: badTimes }), InputError);
  const badSpikes = encodeNpy(new Float64Array(6), [2, 3]);
  assert.throws(() => loadRecording({ stimulus, spikes: badSpikes, frameRate: 30 }), InputError);
});
