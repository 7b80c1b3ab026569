import assert from "node:assert/strict";
import {
  checkFashionMnist,
  clipsFromWaves,
  distinctShifts,
  placeImage,
  scaleClips,
  segmentByActivity,
  shuffleClips,
} from "../../../src/studies/ligeralde2023/data.ts";
import { Rng } from "../../../src/util/rng.ts";
import { InputError } from "../../../src/util/errors.ts";

Deno.test("ligeralde2023: waves are cut by their records, resized and scaled to [0, 1]", () => {
  const size = 4;
  const frames = 6;
  const data = new Uint8Array(frames * size * size);
  for (let f = 0; f < frames; f++) data[f * 16 + f % 16] = 1;
  const clips = clipsFromWaves({ size, frames, data }, [
    { startFrame: 0, endFrame: 2 },
    { startFrame: 3, endFrame: 3 }, // a one-frame wave has no temporal pair: dropped
    { startFrame: 4, endFrame: -1 }, // still running at the end: cut at the last frame
  ], 2);
  assert.deepEqual(clips.map((c) => c.count), [3, 2]);
  assert.equal(clips[0].frames.length, 3 * 4);
  // Area averaging: one active pixel of 4 → 0.25 in its output pixel.
  assert.equal(Math.max(...clips[0].frames.subarray(0, 4)), 0.25);
});

Deno.test("ligeralde2023: activity segmentation finds the bursts of a recorded movie", () => {
  const size = 3;
  const level = [0, 0, 5, 6, 5, 0, 0, 0, 4, 4, 0, 7, 0];
  const data = new Float32Array(level.length * 9);
  level.forEach((v, f) => data.fill(v, f * 9, f * 9 + 9));
  assert.deepEqual(segmentByActivity({ size, frames: level.length, data }), [
    { startFrame: 2, endFrame: 4 },
    { startFrame: 8, endFrame: 9 },
  ]);
});

Deno.test("ligeralde2023: shuffle controls keep the content and scramble order or pixels", () => {
  const clip = {
    size: 3,
    count: 5,
    frames: Float32Array.from({ length: 45 }, (_, i) => i),
  };
  const sorted = (a: Float32Array) => [...a].sort((x, y) => x - y);
  const t = shuffleClips([clip], "temporal", new Rng(1))[0];
  assert.deepEqual(sorted(t.frames), sorted(clip.frames));
  assert.notDeepEqual([...t.frames], [...clip.frames]);
  for (let f = 0; f < 5; f++) {
    // every output frame is an intact input frame
    const first = t.frames[f * 9];
    assert.deepEqual([...t.frames.subarray(f * 9, f * 9 + 9)], [
      ...clip.frames.subarray(first, first + 9),
    ]);
  }
  const p = shuffleClips([clip], "pixel", new Rng(2))[0];
  for (let f = 0; f < 5; f++) {
    assert.deepEqual(
      sorted(p.frames.subarray(f * 9, f * 9 + 9)),
      sorted(clip.frames.subarray(f * 9, f * 9 + 9)),
    );
  }
  assert.notDeepEqual([...p.frames], [...clip.frames]);
  assert.equal(shuffleClips([clip], "none", new Rng(3))[0], clip);
});

Deno.test("ligeralde2023: images are centred on the canvas and translated with zero fill", () => {
  const set = {
    count: 1,
    rows: 2,
    cols: 2,
    images: new Uint8Array([255, 0, 0, 255]),
    labels: new Uint8Array([0]),
  };
  const centred = placeImage(set, 0, 4);
  assert.deepEqual([...centred], [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  const shifted = placeImage(set, 0, 4, 2, -1);
  assert.deepEqual([...shifted], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
});

Deno.test("ligeralde2023: a Fashion-MNIST folder without the IDX files is a one-line error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.throws(() => checkFashionMnist(dir), (error: Error) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /apt-get install dataset-fashion-mnist/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ligeralde2023: the temporal shuffle permutes frames across waves, lengths kept", () => {
  // Three waves whose frames are constant images 0..8 (wave w holds frames 3w..3w+2).
  const px = 4;
  const clips = [0, 1, 2].map((w) => ({
    size: 2,
    count: 3,
    frames: Float32Array.from({ length: 3 * px }, (_, i) => 3 * w + Math.floor(i / px)),
  }));
  const out = shuffleClips(clips, "temporal", new Rng(7));
  assert.deepEqual(out.map((c) => c.count), [3, 3, 3]);
  const ids = out.flatMap((c) => Array.from({ length: 3 }, (_, f) => c.frames[f * px]));
  assert.deepEqual([...ids].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  // Some wave now holds a frame of another wave (the authors' global permutation).
  assert.ok(
    out.some((c, w) =>
      Array.from({ length: 3 }, (_, f) => c.frames[f * px]).some((v) => Math.floor(v / 3) !== w)
    ),
  );
  // Both = temporal then pixel: each frame's values are a permutation of one source frame.
  const both = shuffleClips(clips, "both", new Rng(7));
  for (const c of both) {
    for (let f = 0; f < 3; f++) {
      assert.equal(new Set(c.frames.subarray(f * px, (f + 1) * px)).size, 1);
    }
  }
});

Deno.test("ligeralde2023: wave scaling standardises every pixel, then maps all values to [0, 1]", () => {
  // Pixel 0 takes 0, 2, 4; pixel 1 takes 10, 10, 40 (over the frames of two clips).
  const a = { size: 1, count: 2, frames: new Float32Array([0, 2]) };
  const b = { size: 1, count: 1, frames: new Float32Array([4]) };
  const [sa, sb] = scaleClips([a, b], "standardise");
  // z-scores of 0, 2, 4 are −1.2247, 0, 1.2247 → min–max to 0, 0.5, 1.
  assert.ok(Math.abs(sa.frames[0]) < 1e-6 && Math.abs(sa.frames[1] - 0.5) < 1e-6);
  assert.ok(Math.abs(sb.frames[0] - 1) < 1e-6);
  const two = { size: 1, count: 3, frames: new Float32Array([10, 10, 40]) };
  const pair = scaleClips([{ ...two, size: 1 }], "standardise")[0].frames;
  // z-scores −√½, −√½, √2: min–max gives 0, 0, 1.
  assert.deepEqual([...pair].map((v) => Math.round(v * 1e6) / 1e6), [0, 0, 1]);
  // A constant pixel is only centred (StandardScaler's scale 1): all zeros → all 0 after min–max.
  const flat = scaleClips([{ size: 1, count: 2, frames: new Float32Array([3, 3]) }], "standardise");
  assert.deepEqual([...flat[0].frames], [0, 0]);
  assert.equal(scaleClips([a], "max")[0], a);
});

Deno.test("ligeralde2023: capacity translations are distinct shifts within ±max", () => {
  const shifts = distinctShifts(new Rng(3), 32, 0.1, 20);
  assert.equal(shifts.length, 20);
  assert.equal(new Set(shifts.map(([y, x]) => `${y},${x}`)).size, 20);
  assert.ok(shifts.every(([y, x]) => Math.abs(y) <= 3 && Math.abs(x) <= 3));
  assert.equal(distinctShifts(new Rng(3), 32, 0.03, 20).length, 1); // only (0, 0) fits
});
