import assert from "node:assert/strict";
import { renderCorridor } from "../../src/stimuli/corridor.ts";
import { resizeFrames } from "../../src/stimuli/resize.ts";
import { CUES, cueTexture } from "../../src/stimuli/_cues.ts";
import { renderVrCorridor, VR, vrTexture } from "../../src/stimuli/vr_corridor.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("corridor: grey background above the walls, values in [0, 1], deterministic, moving", () => {
  const m = renderCorridor({ frames: 20, seed: 3 });
  assert.equal(m.length, 20 * 64 * 64);
  assert.ok(m.every((v) => v >= 0 && v <= 1));
  // Top-centre pixel looks over the walls: the 0.52 background.
  assert.ok(Math.abs(m[32] - 0.52) < 1e-6);
  assert.deepEqual(m, renderCorridor({ frames: 20, seed: 3 }));
  assert.notDeepEqual(m.subarray(0, 4096), m.subarray(19 * 4096, 20 * 4096));
  assert.notDeepEqual(m, renderCorridor({ frames: 20, seed: 4 }));
  const wide = renderCorridor({ frames: 2, seed: 3, width: 128, height: 64, aspect: 2 });
  assert.equal(wide.length, 2 * 128 * 64);
  assert.throws(() => renderCorridor({ frames: 10, seed: 1, width: -2 }), InputError);
  assert.throws(() => renderCorridor({ frames: 10000, seed: 1, speed: 1 }), InputError);
});

Deno.test("corridor: 20 distinct cue textures", () => {
  assert.equal(CUES.length, 20);
  const keys = new Set(CUES.map((_, i) => cueTexture(i, 16).join(",")));
  assert.equal(keys.size, 20);
});

Deno.test("resizeFrames: nearest keeps values, area preserves the mean", () => {
  const src = Float32Array.from({ length: 2 * 4 * 6 }, (_, i) => i % 5);
  const near = resizeFrames(src, 2, 4, 6, 8, 12, "nearest");
  assert.ok(near.every((v) => [0, 1, 2, 3, 4].includes(v)));
  const area = resizeFrames(src, 2, 4, 6, 3, 4, "area");
  const mean = (a: Float32Array, lo: number, hi: number) =>
    a.subarray(lo, hi).reduce((s, v) => s + v, 0) / (hi - lo);
  assert.ok(Math.abs(mean(area, 0, 12) - mean(src, 0, 24)) < 1e-5);
  const same = resizeFrames(src, 2, 4, 6, 4, 6, "area");
  assert.ok(same.every((v, i) => Math.abs(v - src[i]) < 1e-6));
  assert.throws(() => resizeFrames(src, 2, 4, 6, 0, 4), InputError);
  assert.throws(() => resizeFrames(src, 3, 4, 6, 2, 2), InputError);
});

Deno.test("vr-corridor: 60 bins over 6 m, grey after 4 m, named textures and swaps", () => {
  const run = renderVrCorridor({ corridor: "leaf2", frames: 400, seed: 1, speed: 0.5 });
  assert.equal(run.bin.length, 400);
  assert.ok(run.bin.every((b) => b >= 0 && b < 60));
  for (let f = 0; f < 400; f++) assert.equal(run.bin[f], Math.min(59, Math.floor(run.position[f])));
  assert.ok(run.lap[399] >= 1, "several laps");
  assert.ok(run.data.every((v) => v >= 0 && v <= 1));
  // Near the end of a lap the walls are grey (0.5) on both sides at eye level.
  const late = [...run.position].findIndex((x) => x > VR.textured + 5 && x < VR.length - 8);
  const eyeRow = 32 * 64;
  assert.equal(run.data[late * 4096 + eyeRow], VR.grey);
  const a = vrTexture("leaf1"), b = vrTexture("leaf1-swap"), c = vrTexture("circle1");
  assert.notDeepEqual(a.data, c.data);
  assert.equal(b.data[0], a.data[a.width / 2]);
  assert.deepEqual(vrTexture("leaf7").data, vrTexture("leaf7").data);
  assert.throws(() => vrTexture("cat"), InputError);
});
