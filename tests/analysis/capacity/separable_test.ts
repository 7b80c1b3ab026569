import assert from "node:assert/strict";
import { separability } from "../../../src/analysis/capacity/separable.ts";
import { Rng } from "../../../src/util/rng.ts";

function check(x: Float64Array, y: number[], dim: number, bias: boolean) {
  const res = separability(x, y, dim, { bias });
  if (res.separable) {
    for (let i = 0; i < y.length; i++) {
      let s = res.b!;
      for (let k = 0; k < dim; k++) s += res.w![k] * x[i * dim + k];
      assert.ok(y[i] * s > 0, `certificate fails at point ${i}: ${y[i] * s}`);
    }
  } else {
    const l = res.lambda!;
    assert.ok(Math.abs(l.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    // Σ λ_i y_i x_î = 0 on normalised signed points ⇒ the unnormalised cone combination is 0 too.
    const d = dim + (bias ? 1 : 0);
    const sum = new Float64Array(d);
    for (let i = 0; i < y.length; i++) {
      const z = [...x.slice(i * dim, i * dim + dim), ...(bias ? [1] : [])].map((v) => y[i] * v);
      const norm = Math.hypot(...z);
      for (let k = 0; k < d; k++) sum[k] += l[i] * z[k] / norm;
    }
    assert.ok(Math.hypot(...sum) < 1e-8, `witness residual ${Math.hypot(...sum)}`);
  }
  return res.separable;
}

Deno.test("separable: small cases with known answers", () => {
  const x = new Float64Array([1, 0, 0, 1, -1, 0, 0, -1]);
  assert.equal(check(x, [1, 1, -1, -1], 2, false), true);
  assert.equal(check(x, [1, -1, 1, -1], 2, false), false);
  // XOR in the plane with a bias: not separable; AND: separable.
  const sq = new Float64Array([0, 0, 0, 1, 1, 0, 1, 1]);
  assert.equal(check(sq, [-1, 1, 1, -1], 2, true), false);
  assert.equal(check(sq, [-1, -1, -1, 1], 2, true), true);
  // Without a bias, points on one side of the origin with mixed labels along one ray are not.
  assert.equal(check(new Float64Array([1, 2]), [1, -1], 1, false), false);
  // Duplicate points with opposite labels are never separable.
  assert.equal(check(new Float64Array([3, 1, 3, 1]), [1, -1], 2, true), false);
});

Deno.test("separable: Cover's count — fraction of separable dichotomies of P points in N dims", () => {
  // For points in general position, the fraction of separable dichotomies through the origin
  // is C(P,N)/2^P with C(P,N) = 2 Σ_{k<N} binom(P−1, k); at P = 2N it is exactly 1/2.
  const rng = new Rng(11);
  const cover = (p: number, n: number) => {
    let s = 0;
    let binom = 1;
    for (let k = 0; k < n; k++) {
      s += binom;
      binom = binom * (p - 1 - k) / (k + 1);
    }
    return 2 * s / 2 ** p;
  };
  const n = 5;
  for (const p of [8, 10, 14]) {
    let hits = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const x = Float64Array.from({ length: p * n }, () => rng.normal());
      const y = Array.from({ length: p }, () => (rng.bernoulli(0.5) ? 1 : -1));
      if (check(x, y, n, false)) hits++;
    }
    const expected = cover(p, n);
    const se = Math.sqrt(expected * (1 - expected) / reps);
    assert.ok(
      Math.abs(hits / reps - expected) < 4 * se + 0.01,
      `P=${p}: ${hits / reps} vs Cover ${expected}`,
    );
  }
});
