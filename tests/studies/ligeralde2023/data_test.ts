import assert from "node:assert/strict";
import {
  checkFashionMnist,
  clipsFromWaves,
  placeImage,
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
