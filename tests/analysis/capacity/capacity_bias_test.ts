import assert from "node:assert/strict";
import { makeManifolds, simulatedCapacity } from "../../../src/analysis/capacity/mod.ts";
import { Rng } from "../../../src/util/rng.ts";

const randomPoints = (p: number, seed: number) => {
  const rng = new Rng(seed, 0xc0);
  return makeManifolds(Float64Array.from({ length: p * p }, () => rng.normal()), p, 1, p);
};

// Cover (1965): P points in general position in N dims have C(P, N) = 2 Σ_{k<N} binom(P−1, k)
// separable dichotomies through the origin, so half of all dichotomies are separable at
// N = P/2 (α_c = 2). A bias is one more dimension: C(P, N + 1), half separable at N = P/2 − 1.
Deno.test("capacity: random points — N_c ≈ P/2 without bias, one dimension less with it", () => {
  const p = 80;
  const shifts: number[] = [];
  for (const seed of [1, 2, 3]) {
    const m = randomPoints(p, seed);
    const plain = simulatedCapacity(m, { reps: 100, seed });
    const bias = simulatedCapacity(m, { reps: 100, seed, bias: true });
    assert.ok(Math.abs(plain.criticalN - p / 2) < 1.5, `no bias: N_c ${plain.criticalN}`);
    assert.ok(Math.abs(bias.criticalN - (p / 2 - 1)) < 1.5, `bias: N_c ${bias.criticalN}`);
    shifts.push(plain.criticalN - bias.criticalN);
  }
  const mean = shifts.reduce((a, b) => a + b, 0) / shifts.length;
  assert.ok(mean > 0.5 && mean < 1.6, `mean shift ${mean} (expected 1)`);
});

Deno.test("capacity: the authors' definition (balanced, bias) gives α ≈ 2 on random points", () => {
  const p = 80;
  const res = simulatedCapacity(randomPoints(p, 4), {
    reps: 100,
    seed: 4,
    bias: true,
    balanced: true,
  });
  assert.ok(Math.abs(res.alpha - 2) < 0.1, `α ${res.alpha}`);
});

Deno.test("capacity: balanced dichotomies have one positive and one negative of two manifolds", () => {
  // Two points at ±1 on a line: through the origin only the dichotomies that split them are
  // separable. Balanced labels always split them; coin flips split them half of the time.
  const m = makeManifolds([1, -1], 2, 1, 1);
  const balanced = simulatedCapacity(m, { reps: 200, seed: 1, balanced: true, centre: false });
  assert.equal(balanced.fractions[0].fraction, 1);
  const coins = simulatedCapacity(m, { reps: 200, seed: 1, centre: false });
  assert.ok(Math.abs(coins.fractions[0].fraction - 0.5) < 0.15, `${coins.fractions[0].fraction}`);
});
