import assert from "node:assert/strict";
import {
  bitsPerSpike,
  fractionExplainableVariance,
  noiseCorrectedCorrelation,
  pearson,
  poissonLogLikelihood,
  signalPower,
  varianceExplained,
} from "../../src/analysis/metrics.ts";
import { drawSpikes } from "../../src/biology/rgc/mod.ts";
import { InputError } from "../../src/util/errors.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("pearson: known values, sign, constant input, bad input", () => {
  close(pearson([1, 2, 3, 4], [2, 4, 6, 8]), 1, 1e-12);
  close(pearson([1, 2, 3, 4], [4, 3, 2, 1]), -1, 1e-12);
  close(pearson([1, 2, 3], [1, 3, 2]), 0.5, 1e-12);
  assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0);
  assert.throws(() => pearson([1, 2], [1]), InputError);
});

Deno.test("noise-corrected correlation and FEV: ≈ 1 for the true rate, lower for a worse one", () => {
  const T = 4000;
  const rate = Float64Array.from({ length: T }, (_, t) => 0.5 + 0.45 * Math.sin(t / 7));
  const trials = Array.from({ length: 8 }, (_, i) => drawSpikes(rate, "poisson", i));
  const raw = pearson(rate, trials[0]);
  const cc = noiseCorrectedCorrelation(rate, trials);
  close(cc, 1, 0.05);
  assert.ok(raw < 0.8, "single trials are noisy");
  close(fractionExplainableVariance(rate, trials), 1, 0.05);
  const worse = rate.map((v, t) => v + 0.3 * Math.sin(t / 3));
  assert.ok(noiseCorrectedCorrelation(worse, trials) < 0.95);
  assert.ok(fractionExplainableVariance(worse, trials) < 0.8);
  close(signalPower(trials), 0.45 ** 2 / 2, 0.01);
  assert.throws(() => noiseCorrectedCorrelation(rate, [trials[0]]), InputError);
});

Deno.test("Poisson log-likelihood: hand value; bits per spike positive for a good model", () => {
  // y log λ − λ − log y! for (λ, y) = (0.5, 0), (1, 1), (2, 3)
  const hand = (-0.5 + (0 - 1) + (3 * Math.log(2) - 2 - Math.log(6))) / 3;
  close(poissonLogLikelihood([0.5, 1, 2], [0, 1, 3]), hand, 1e-12);
  const rate = Float64Array.from({ length: 3000 }, (_, t) => (t % 10 < 5 ? 0.05 : 1.5));
  const y = drawSpikes(rate, "poisson", 9);
  assert.ok(bitsPerSpike(rate, y) > 0.5);
  assert.ok(bitsPerSpike(rate.map(() => 0.775), y) < 0.01);
  close(varianceExplained([1, 2, 3], [1, 2, 3]), 1, 1e-12);
});
