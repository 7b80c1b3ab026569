import assert from "node:assert/strict";
import { fitStaModel, spikeTriggeredAverage } from "../../src/analysis/sta.ts";
import { pearson } from "../../src/analysis/metrics.ts";
import { differenceOfGammas, drawSpikes } from "../../src/biology/rgc/mod.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { applyFilter } from "../../src/analysis/_lagged.ts";
import { InputError } from "../../src/util/errors.ts";

/**
 * A known LN cell: filter = centre 4×4 mask ⊗ OFF difference-of-gammas, expected count
 * exp(0.4 · k·x) per frame. With 40 000 frames (~55 000 spikes) the STA's sampling noise
 * leaves an expected correlation of ≈ 0.96 with the true filter.
 */
function lnCell() {
  const temporal = differenceOfGammas();
  const filter = new Float64Array(20 * 64);
  for (let k = 0; k < 20; k++) {
    for (let y = 2; y < 6; y++) {
      for (let x = 2; x < 6; x++) filter[k * 64 + y * 8 + x] = temporal[k];
    }
  }
  return { filter };
}

Deno.test("STA of a known LN cell recovers its filter (r ≥ 0.95)", () => {
  const { filter } = lnCell();
  const movie = binaryCheckerboard({ frames: 40000, seed: 1 });
  const g = applyFilter(movie, filter, 20);
  const expected = g.map((v) => Math.exp(0.4 * v));
  const spikes = drawSpikes(expected, "poisson", 2);
  const sta = spikeTriggeredAverage(movie, spikes, 20);
  const r = pearson(sta, filter);
  assert.ok(r >= 0.95, `STA–filter correlation ${r.toFixed(3)}`);
});

Deno.test("STA model: binned nonlinearity is monotone and predicts held-out responses", () => {
  const { filter } = lnCell();
  const train = binaryCheckerboard({ frames: 20000, seed: 3 });
  const test = binaryCheckerboard({ frames: 2000, seed: 4 });
  const rate = (m: typeof train) => applyFilter(m, filter, 20).map((v) => Math.exp(0.4 * v));
  const model = fitStaModel(train, drawSpikes(rate(train), "poisson", 5), 20);
  const v = model.nonlinearity.values;
  assert.ok(v[v.length - 1] > 3 * v[0], "expansive nonlinearity");
  const r = pearson(model.predict(test).slice(19), rate(test).slice(19));
  assert.ok(r > 0.85, `held-out r ${r}`);
});

Deno.test("STA: no spikes or mismatched lengths are InputErrors", () => {
  const movie = binaryCheckerboard({ frames: 100, seed: 1 });
  assert.throws(() => spikeTriggeredAverage(movie, new Float32Array(100), 20), InputError);
  assert.throws(() => spikeTriggeredAverage(movie, new Float32Array(99), 20), InputError);
});
