import assert from "node:assert/strict";
import { binaryCheckerboard, gaussianNoise } from "../../src/stimuli/white_noise.ts";
import { naturalLikeMovie, pinkNoiseImage } from "../../src/stimuli/natural_like.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("white noise: checkerboard pixels are ±contrast, balanced, seed-reproducible", () => {
  const m = binaryCheckerboard({ size: 8, frames: 2000, seed: 5 });
  assert.equal(m.data.length, 2000 * 64);
  assert.ok(m.data.every((v) => v === 0.5 || v === -0.5));
  const mean = m.data.reduce((a, b) => a + b, 0) / m.data.length;
  assert.ok(Math.abs(mean) < 0.01);
  assert.deepEqual(binaryCheckerboard({ size: 8, frames: 2000, seed: 5 }).data, m.data);
  assert.notDeepEqual(
    binaryCheckerboard({ size: 8, frames: 10, seed: 6 }).data,
    m.data.slice(0, 640),
  );
  // Neighbouring pixels and frames are uncorrelated.
  let c = 0;
  for (let i = 0; i + 64 < m.data.length; i++) c += m.data[i] * m.data[i + 64];
  assert.ok(Math.abs(c / (m.data.length * 0.25)) < 0.02);
});

Deno.test("white noise: Gaussian noise has the requested s.d.", () => {
  const m = gaussianNoise({ size: 4, frames: 5000, seed: 1, contrast: 0.3 });
  const sd = Math.sqrt(m.data.reduce((a, b) => a + b * b, 0) / m.data.length);
  assert.ok(Math.abs(sd - 0.3) < 0.01, `sd ${sd}`);
  assert.throws(() => gaussianNoise({ frames: 0 }), InputError);
  assert.throws(() => binaryCheckerboard({ frames: 10, contrast: -1 }), InputError);
});

Deno.test("natural-like movie: spatially correlated, within ±0.5, temporally smooth", () => {
  const img = pinkNoiseImage({ size: 64, seed: 2 });
  let near = 0;
  let far = 0;
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 56; x++) {
      near += img[y * 64 + x] * img[y * 64 + x + 1];
      far += img[y * 64 + x] * img[y * 64 + x + 8];
    }
  }
  assert.ok(near > far && near / (64 * 56) > 0.5, `neighbour correlation ${near / (64 * 56)}`);
  const m = naturalLikeMovie({ frames: 300, seed: 1 });
  assert.ok(m.data.every((v) => v >= -0.5 && v <= 0.5));
  let diff = 0;
  let sq = 0;
  for (let i = 64; i < m.data.length; i++) {
    diff += (m.data[i] - m.data[i - 64]) ** 2;
    sq += m.data[i] ** 2;
  }
  assert.ok(diff < sq, "frames change less than their own energy (smooth in time)");
});
