import assert from "node:assert/strict";
import {
  blockLayout,
  createRgc,
  differenceOfGammas,
  drawSpikes,
  rgcPopulation,
  rgcRate,
  simulateRgc,
} from "../../src/biology/rgc/mod.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("rgc: difference-of-gammas filter has the paper's shape", () => {
  const off = differenceOfGammas();
  assert.equal(off.length, 20); // floor(0.68 s · 30 Hz)
  assert.ok(off.slice(0, 3).every((v) => v === 0)); // 2-frame delay (t ≤ 0 is zero)
  const norm = Math.hypot(...off);
  assert.ok(Math.abs(norm - 1) < 1e-12);
  const peak = off.indexOf(Math.min(...off));
  assert.ok(peak >= 3 && peak <= 7, `OFF trough at lag ${peak}`);
  assert.ok(Math.max(...off.slice(peak)) > 0.1, "biphasic: a positive rebound after the trough");
  const on = differenceOfGammas({ polarity: "on" });
  off.forEach((v, i) => assert.equal(on[i], -v));
});

Deno.test("rgc: default layout is four 2×2 quadrants of the central 4×4", () => {
  const subunits = blockLayout();
  assert.equal(subunits.length, 4);
  const pixels = subunits.map((s) =>
    Array.from(s.mask).flatMap((v, i) => v ? [[Math.floor(i / 8), i % 8]] : [])
  );
  assert.deepEqual(pixels[0], [[2, 2], [2, 3], [3, 2], [3, 3]]);
  assert.deepEqual(pixels[3], [[4, 4], [4, 5], [5, 4], [5, 5]]);
  assert.throws(() => blockLayout({ grid: [5, 5] }), InputError);
});

Deno.test("rgc: rate follows subunit sum → filter → rectify → pool → 2·max(0, x − 2.5)", () => {
  const cell = createRgc();
  // One frame where every subunit sees −0.5 on its 4 pixels (dark: drives an OFF cell).
  const frames = 25;
  const data = new Float32Array(frames * 64);
  for (const s of cell.subunits) s.mask.forEach((m, p) => m && (data[5 * 64 + p] = -0.5));
  const out = rgcRate(cell, { data, frames, size: 8 });
  const f = differenceOfGammas();
  for (let t = 0; t < frames; t++) {
    const lag = t - 5;
    const drive = lag >= 0 && lag < 20 ? Math.max(0, -2 * f[lag]) : 0;
    assert.ok(Math.abs(out.generator[t] - 4 * drive) < 1e-9);
    assert.ok(Math.abs(out.rate[t] - 2 * Math.max(0, 4 * drive - 2.5)) < 1e-9);
    assert.ok(Math.abs(out.expected[t] - out.rate[t] / 30) < 1e-12);
  }
  assert.ok(Math.max(...out.rate) > 0);
});

Deno.test("rgc: Poisson spike counts have the expected mean; Bernoulli at most 1", () => {
  const expected = new Float64Array(20000).fill(0.4);
  const poisson = drawSpikes(expected, "poisson", 3);
  const mean = poisson.reduce((a, b) => a + b, 0) / poisson.length;
  assert.ok(Math.abs(mean - 0.4) < 0.02, `mean ${mean}`);
  const bern = drawSpikes(expected, "bernoulli", 3);
  assert.ok(bern.every((v) => v === 0 || v === 1));
  assert.deepEqual(drawSpikes(expected, "poisson", 3), poisson);
});

Deno.test("rgc: cells in the population respond differently to the same movie", () => {
  const movie = binaryCheckerboard({ frames: 3000, seed: 4 });
  const cells = rgcPopulation(undefined, { kind: "threshold-linear", gain: 60, threshold: 2.5 });
  assert.equal(new Set(cells.map((c) => c.name)).size, cells.length);
  const rates = cells.map((c) => simulateRgc(c, movie, { seed: 1 }));
  for (const r of rates) assert.ok(r.spikes.reduce((a, b) => a + b, 0) > 100);
  assert.notDeepEqual(Array.from(rates[0].rate), Array.from(rates[2].rate));
});

Deno.test("rgc: bad inputs are one-line InputErrors", () => {
  assert.throws(
    () => rgcRate(createRgc(), { data: new Float32Array(36), frames: 1, size: 6 }),
    InputError,
  );
  assert.throws(() => createRgc({ frameRate: 0 }), InputError);
  assert.throws(() => differenceOfGammas({ length: 0.01 }), InputError);
});
