import assert from "node:assert/strict";
import { fitLnModel } from "../../src/analysis/ln_model.ts";
import { pearson } from "../../src/analysis/metrics.ts";
import { drawSpikes } from "../../src/biology/rgc/mod.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { applyFilter } from "../../src/analysis/_lagged.ts";

Deno.test("LN model fitted by maximum likelihood recovers an LN-Poisson cell", () => {
  // A centre–surround filter over 4 lags on a 6×6 grid; rate = exp(k·x − 1).
  const lags = 4;
  const px = 36;
  const filter = new Float64Array(lags * px);
  const t = [0, 0.8, 0.4, -0.3];
  for (let k = 0; k < lags; k++) {
    for (let p = 0; p < px; p++) {
      const y = Math.floor(p / 6) - 2.5;
      const x = (p % 6) - 2.5;
      filter[k * px + p] = t[k] *
        (Math.exp(-(x * x + y * y) / 2) - 0.4 * Math.exp(-(x * x + y * y) / 8));
    }
  }
  const rate = (m: ReturnType<typeof binaryCheckerboard>) =>
    applyFilter(m, filter, lags).map((g) => Math.exp(g - 1));
  const train = binaryCheckerboard({ size: 6, frames: 16000, seed: 1 });
  const val = binaryCheckerboard({ size: 6, frames: 1000, seed: 2 });
  const test = binaryCheckerboard({ size: 6, frames: 2000, seed: 3 });
  const ln = fitLnModel(train, drawSpikes(rate(train), "poisson", 4), {
    lags,
    nonlinearity: "exp",
    epochs: 10,
    validation: { movie: val, response: drawSpikes(rate(val), "poisson", 5) },
  });
  assert.ok(pearson(ln.filter, filter) > 0.9, `filter r ${pearson(ln.filter, filter)}`);
  assert.ok(ln.losses[ln.losses.length - 1] < ln.losses[0], "NLL falls");
  const r = pearson(ln.predict(test).slice(lags), rate(test).slice(lags));
  assert.ok(r > 0.9, `held-out r ${r}`);
  assert.equal(ln.validation.length, 10);
});
