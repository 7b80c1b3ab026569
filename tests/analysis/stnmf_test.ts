import assert from "node:assert/strict";
import { semiNmf, spikeTriggeredEnsemble, stnmf } from "../../src/analysis/stnmf.ts";
import { matchFiltersToMasks } from "../../src/analysis/filters.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { createRgc, simulateRgc } from "../../src/biology/rgc/cell.ts";
import { InputError } from "../../src/util/errors.ts";
import { Rng } from "../../src/util/rng.ts";

Deno.test("spikeTriggeredEnsemble: one temporally weighted image per spike", () => {
  // 1 pixel, frames 1..4; kernel [1, 0.5] (lag 0, lag 1); 2 spikes at t = 3, 1 at t = 0
  // (skipped: no full history).
  const movie = { data: Float32Array.from([1, 2, 3, 4]), frames: 4, size: 1 };
  const e = spikeTriggeredEnsemble(movie, [1, 0, 0, 2], [1, 0.5]);
  assert.equal(e.n, 2);
  assert.deepEqual(Array.from(e.data), [4 + 1.5, 4 + 1.5]);
});

Deno.test("semiNmf: recovers planted sign-free factors with non-negative weights", () => {
  const rng = new Rng(3);
  const p = 12;
  const k = 3;
  const truth = Array.from({ length: k }, () => Array.from({ length: p }, () => rng.normal()));
  const n = 400;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const w = truth.map(() => (rng.uniform() < 0.5 ? 0 : rng.uniform()));
    for (let j = 0; j < p; j++) for (let a = 0; a < k; a++) x[i * p + j] += w[a] * truth[a][j];
  }
  const { f, g, residual } = semiNmf(x, n, p, k, { iterations: 500, seed: 1 });
  assert.ok(residual < 1e-3, `residual ${residual}`);
  assert.ok(g.every((v) => v >= 0));
  const found = Array.from(
    { length: k },
    (_, a) => [Array.from({ length: p }, (_, j) => f[j * k + a])],
  );
  const match = matchFiltersToMasks(found, truth);
  assert.ok(match.score > 0.99, `match ${match.score}`);
  assert.throws(() => semiNmf(x, 2, p, k), InputError);
});

Deno.test("stnmf: recovers the four planted subunits of a simulated cell from its spikes", () => {
  const movie = binaryCheckerboard({ frames: 20000, seed: 11 });
  const cell = createRgc({ nonlinearity: { kind: "threshold-linear", gain: 60, threshold: 2.5 } });
  const { spikes } = simulateRgc(cell, movie, { seed: 12 });
  const result = stnmf(movie, spikes, { modules: 4, lags: 20, seed: 1 });
  const match = matchFiltersToMasks(
    result.modules.map((m) => [m]),
    cell.subunits.map((s) => s.mask),
  );
  assert.ok(
    match.score > 0.9,
    `STNMF match ${match.score} (${match.matches.map((m) => m.correlation.toFixed(2))})`,
  );
  // Shuffled data carry no subunits: the modules of a spike train shuffled in time do not match.
  const shuffled = new Rng(5).shuffle(Array.from(spikes));
  const nullResult = stnmf(movie, shuffled, { modules: 4, lags: 20, seed: 1 });
  const nullMatch = matchFiltersToMasks(
    nullResult.modules.map((m) => [m]),
    cell.subunits.map((s) => s.mask),
  );
  assert.ok(nullMatch.score < 0.6, `null match ${nullMatch.score}`);
});

Deno.test("stnmf: input errors", () => {
  const movie = binaryCheckerboard({ frames: 200, seed: 1 });
  assert.throws(
    () => stnmf(movie, new Float32Array(200).fill(1), { modules: 0, lags: 5 }),
    InputError,
  );
});
