import assert from "node:assert/strict";
import { frameBaselineLosses, meanTargetFrame } from "../../src/analysis/frame_baselines.ts";
import { MovieClips } from "../../src/train/clips.ts";

Deno.test("frame baselines: known losses on a 2-pixel movie", () => {
  // frames (2 pixels each): [0,0] [1,0] [1,1] | [0,1] [0,1] [1,1]; clips of 2 inputs + target
  const movie = Float32Array.of(0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1);
  const clips = new MovieClips(movie, 1, 2, 2, [0, 3]);
  const mean = meanTargetFrame(clips);
  assert.deepEqual([...mean], [1, 1]);
  const l = frameBaselineLosses(clips, mean);
  // clip 0: inputs [0,0],[1,0], target [1,1]; clip 1: inputs [0,1],[0,1], target [1,1]
  assert.deepEqual(l.copyLast, [1, 1]);
  assert.deepEqual(l.inputMean, [0.25 + 1, 1 + 0]);
  assert.deepEqual(l.trainMean, [0, 0]);
  assert.deepEqual(l.grey, [0.5, 0.5]);
  assert.deepEqual(l.dark, [2, 2]);
  assert.throws(() => frameBaselineLosses(clips, Float32Array.of(1)), /pixels/);
});
