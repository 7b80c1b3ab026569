import assert from "node:assert/strict";
import {
  ballCapacity,
  makeManifolds,
  meanFieldCapacity,
  nnls,
  simulatedCapacity,
} from "../../../src/analysis/capacity/mod.ts";
import { Rng } from "../../../src/util/rng.ts";
import { InputError } from "../../../src/util/errors.ts";
import { randomBalls } from "./_balls.ts";

const within = (x: number, target: number, rel: number, what: string) =>
  assert.ok(Math.abs(x / target - 1) <= rel, `${what}: ${x} vs ${target} (±${rel * 100}%)`);

Deno.test("capacity: P random points in N ≥ 50 dims → simulated α ≈ 2 (within 10 %)", () => {
  const rng = new Rng(3);
  const p = 100;
  const dim = 160;
  const pts = Float64Array.from({ length: p * dim }, () => rng.normal());
  const res = simulatedCapacity(makeManifolds(pts, p, 1, dim), { reps: 20, seed: 1 });
  assert.ok(res.criticalN >= 45, `N_c = ${res.criticalN}`);
  within(res.alpha, 2, 0.1, "simulated capacity of points");
  // The fraction separable is monotone in N (common random numbers across N).
  const f = res.fractions.map((x) => x.fraction);
  assert.deepEqual(f, [...f].sort((a, b) => a - b));
});

Deno.test("capacity: mean-field α of points is 2 and the ball formula's limits hold", () => {
  const rng = new Rng(4);
  const pts = Float64Array.from({ length: 60 * 80 }, () => rng.normal());
  const res = meanFieldCapacity(makeManifolds(pts, 60, 1, 80), { samples: 400 });
  within(res.alpha, 2, 0.05, "mean-field capacity of points");
  assert.equal(res.radius, 0);
  within(ballCapacity(0, 3), 2, 1e-6, "ball formula at R = 0");
  // Capacity falls with radius and with dimension.
  assert.ok(ballCapacity(0.5, 2) > ballCapacity(1, 2));
  assert.ok(ballCapacity(0.5, 2) > ballCapacity(0.5, 5));
  // Large balls: α → (1 + R⁻²)/D·… is small; α·D stays of order one.
  assert.ok(ballCapacity(3, 20) * 20 < 2);
});

Deno.test("capacity: mean-field on finely sampled circles matches the published ℓ2-ball curve", () => {
  for (const r of [0.5, 1]) {
    const balls = randomBalls(30, 64, 2, r, 300, 7);
    const res = meanFieldCapacity(balls, { samples: 300, seed: 1 });
    within(res.alpha, ballCapacity(r, 2), 0.06, `mean-field α, D=2 R=${r}`);
    within(res.radius, r, 0.08, `R_M, R=${r}`);
    within(res.dimension, 2, 0.1, `D_M, R=${r}`);
  }
});

Deno.test("capacity: simulated and mean-field capacity agree on random polygons", () => {
  const balls = randomBalls(30, 8, 2, 0.8, 200, 9);
  const sim = simulatedCapacity(balls, { reps: 20, seed: 2 });
  const mf = meanFieldCapacity(balls, { samples: 300, seed: 3 });
  within(sim.alpha, mf.alpha, 0.15, "simulated vs mean-field");
});

Deno.test("capacity: nnls solves a small problem with an active bound exactly", () => {
  // min ‖Aα − b‖, α ≥ 0 with A = I₂ and b = (1, −2) → α = (1, 0).
  const x = nnls([new Float64Array([1, 0]), new Float64Array([0, 1])], new Float64Array([1, -2]));
  assert.ok(Math.abs(x[0] - 1) < 1e-10 && x[1] === 0, `${x}`);
  const y = nnls(
    [new Float64Array([1, 1, 0]), new Float64Array([0, 1, 1])],
    new Float64Array([1, 2, 1]),
  );
  assert.ok(Math.abs(y[0] - 1) < 1e-10 && Math.abs(y[1] - 1) < 1e-10);
});

Deno.test("capacity: bad manifold shapes are InputErrors", () => {
  assert.throws(() => makeManifolds(new Float64Array(5), 2, 1, 3), InputError);
  assert.throws(() => makeManifolds(new Float64Array([NaN, 0]), 2, 1, 1), InputError);
});
