import assert from "node:assert/strict";
import { createRgc, subunitFilters } from "../../../src/biology/rgc/cell.ts";
import type { RgcCnnWeights } from "../../../src/models/rgc_cnn.ts";
import { configure } from "../../../src/studies/_kit/mod.ts";
import { cellsOf } from "../../../src/studies/yan2020/data.ts";
import { experiment } from "../../../src/studies/yan2020/mod.ts";
import { filterAnalysis, filterNull, staAnalysis } from "../../../src/studies/yan2020/_filters.ts";

const K = 7;
const T = 20;
const SIZE = 8;

/**
 * CNN weights whose channel c is subunit c's mask (the 7×7 window at the grid's corner, which
 * holds the central 4×4) times `temporal[c]` over the history lags; extra channels are zero.
 */
function plantedWeights(masks: ArrayLike<number>[], temporal: number[][], channels: number) {
  const conv = new Array<number>(K * K * T * channels).fill(0);
  masks.forEach((mask, c) => {
    for (let y = 0; y < K; y++) {
      for (let x = 0; x < K; x++) {
        for (let t = 0; t < T; t++) {
          conv[((y * K + x) * T + t) * channels + c] = mask[y * SIZE + x] * temporal[c][t];
        }
      }
    }
  });
  return {
    config: { variant: "paper", channels, kernel: K, history: T, size: SIZE },
    conv,
    convBias: new Array(channels).fill(0),
    dense: new Array(4 * channels).fill(1),
    denseBias: 0,
    alpha: 1,
    beta: 1,
  } as unknown as RgcCnnWeights;
}

Deno.test("filterAnalysis: filters planted as subunit ⊗ true kernel score 1 in space and time", () => {
  const cell = createRgc();
  const masks = cell.subunits.map((s) => s.mask);
  const truth = subunitFilters(cell).map((f) => Array.from(f).slice(0, T));
  const m = filterAnalysis(plantedWeights(masks, truth, 6), cell);
  assert.ok(Math.abs(m.score - 1) < 1e-9, `spatial ${m.score}`);
  assert.ok(Math.abs(m.temporalScore - 1) < 1e-9, `temporal ${m.temporalScore}`);
});

Deno.test("filterAnalysis: with the history window one frame late, lag k faces true lag k + 1", () => {
  // The model sees frame t − 1 − k at its lag k, so a perfect filter holds the true kernel
  // shifted by one (zero past the true filter's 20 taps).
  const cell = createRgc();
  const masks = cell.subunits.map((s) => s.mask);
  const shifted = subunitFilters(cell).map((f) =>
    Array.from({ length: T }, (_, k) => f[k + 1] ?? 0)
  );
  const m = filterAnalysis(plantedWeights(masks, shifted, 4), cell, 1);
  assert.ok(Math.abs(m.temporalScore - 1) < 1e-9, `temporal ${m.temporalScore}`);
  // The same filters read without the offset are a frame off and score less.
  assert.ok(filterAnalysis(plantedWeights(masks, shifted, 4), cell, 0).temporalScore < 0.99);
});

Deno.test("staAnalysis: an STA equal to the pooled mask ⊗ true kernel matches, with and without offset", () => {
  const cell = createRgc();
  const px = SIZE * SIZE;
  const pooled = new Float64Array(px);
  for (const s of cell.subunits) for (let p = 0; p < px; p++) pooled[p] += s.weight * s.mask[p];
  const kernel = subunitFilters(cell)[0];
  for (const offset of [0, 1]) {
    const sta = new Float64Array(T * px);
    for (let k = 0; k < T; k++) {
      for (let p = 0; p < px; p++) sta[k * px + p] = (kernel[k + offset] ?? 0) * pooled[p];
    }
    const parts = staAnalysis(sta, cell, T, offset);
    assert.ok(parts.spatialCorrelation > 0.999, `offset ${offset}: ${parts.spatialCorrelation}`);
    assert.ok(parts.temporalCorrelation > 0.999, `offset ${offset}: ${parts.temporalCorrelation}`);
  }
});

Deno.test("filterNull: the untrained score is filterAnalysis of the initial weights; planted filters beat shuffled masks", () => {
  const cell = createRgc();
  const masks = cell.subunits.map((s) => s.mask);
  const truth = subunitFilters(cell).map((f) => Array.from(f).slice(0, T));
  const planted = plantedWeights(masks, truth, 4);
  const noise = plantedWeights(
    masks.map((_, c) => Array.from({ length: SIZE * SIZE }, (_, p) => Math.sin(7 * p + c))),
    truth,
    4,
  );
  const nul = filterNull(planted, noise, cell, 50, 3);
  assert.equal(nul.untrained, filterAnalysis(noise, cell).score);
  assert.ok(nul.shuffled < 0.6 && nul.shuffled95 < 0.8, JSON.stringify(nul));
  assert.ok(nul.shuffled95 >= nul.shuffled - 1e-12);
});

Deno.test("yan2020 --exclude-current and --spiking bernoulli reach the config and the cells", () => {
  const config = configure(experiment, {
    quick: true,
    "exclude-current": true,
    spiking: "bernoulli",
  });
  assert.equal(config.excludeCurrent, true);
  assert.equal(config.spiking, "bernoulli");
  assert.ok(cellsOf(config).every((c) => c.spiking === "bernoulli"));
  assert.ok(cellsOf(configure(experiment, { quick: true })).every((c) => c.spiking === "poisson"));
});
