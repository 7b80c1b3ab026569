import assert from "node:assert/strict";
import { kruskalWallis } from "../../../src/analysis/stats/kruskal.ts";
import { mannWhitneyU, mannWhitneyVsReference } from "../../../src/analysis/stats/mannwhitney.ts";
import { bootstrapCi } from "../../../src/analysis/stats/bootstrap.ts";
import { InputError } from "../../../src/util/errors.ts";
import { Rng } from "../../../src/util/rng.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b} (tol ${tol})`);

Deno.test("kruskal: scipy documentation examples", () => {
  // scipy.stats.kruskal docs: x=[1,3,5,7,9], y=[2,4,6,8,10] → 0.2727272727272734, 0.6015081344405895
  const a = kruskalWallis([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]]);
  close(a.statistic, 0.2727272727272734, 1e-12);
  close(a.p, 0.6015081344405895, 1e-10);
  // with ties: [1,1,1], [2,2,2], [2,2] → 7.0, 0.0301973834223185 (= e^−3.5, χ² with 2 df)
  const b = kruskalWallis([[1, 1, 1], [2, 2, 2], [2, 2]]);
  close(b.statistic, 7, 1e-12);
  close(b.p, 0.0301973834223185, 1e-12);
  assert.throws(() => kruskalWallis([[1, 2]]), InputError);
});

Deno.test("mann-whitney: scipy documentation example, exact and asymptotic", () => {
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];
  // scipy.stats.mannwhitneyu docs: U1 = 17, exact p = 0.1111111111111111,
  // asymptotic p = 0.11134688653314041
  const exact = mannWhitneyU(males, females);
  assert.equal(exact.method, "exact");
  assert.equal(exact.statistic, 17);
  close(exact.p, 0.1111111111111111, 1e-12);
  const asym = mannWhitneyU(males, females, "asymptotic");
  close(asym.p, 0.11134688653314041, 1e-9);
  // complete separation, 3 vs 3: U = 0, p = 2/C(6,3) = 0.1
  const sep = mannWhitneyU([1, 2, 3], [4, 5, 6]);
  assert.equal(sep.statistic, 0);
  close(sep.p, 0.1, 1e-12);
});

Deno.test("mann-whitney: tie-corrected normal approximation by hand", () => {
  const x = [1, 2, 2, 3, 3, 3, 4, 5, 6, 7];
  const y = [2, 3, 5, 5, 6, 7, 8, 8, 9, 9];
  const r = mannWhitneyU(x, y);
  assert.equal(r.method, "asymptotic");
  // pooled mid-ranks give R1 = 75.5 → U1 = 20.5, U = max(U1, 100 − U1) = 79.5; ties {2:3, 3:4, 5:3, 6:2, 7:2, 8:2, 9:2}
  assert.equal(r.statistic, 20.5);
  const tie = 24 + 60 + 24 + 6 + 6 + 6 + 6;
  const s = Math.sqrt((100 / 12) * (21 - tie / (20 * 19)));
  const z = (79.5 - 50 - 0.5) / s;
  // 2·(1 − Φ(z)) via erfc
  const p = erfc(z / Math.SQRT2);
  close(r.p, p, 1e-8); // the midpoint tail integral above is good to ~1e-9
});

function erfc(x: number): number {
  // Numerical Recipes erfc (1.2e-7 relative) is not enough; integrate the tail instead.
  let s = 0;
  const h = 1e-4;
  for (let t = x; t < x + 12; t += h) s += Math.exp(-((t + h / 2) ** 2)) * h;
  return (2 / Math.sqrt(Math.PI)) * s;
}

Deno.test("mann-whitney vs reference with Holm correction", () => {
  const r = mannWhitneyVsReference({
    ref: [1, 2, 3, 4, 5, 6, 7, 8],
    far: [11, 12, 13, 14, 15, 16, 17, 18],
    near: [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5],
  }, "ref");
  assert.ok(r.far.p < 0.001);
  close(r.far.pAdjusted, Math.min(1, 2 * r.far.p), 1e-15); // smallest of 2 × 2
  assert.ok(r.near.pAdjusted >= r.near.p);
});

Deno.test("bootstrap: percentile CI of the mean ≈ mean ± 1.96 s/√n; seeded", () => {
  const rng = new Rng(7);
  const x = Array.from({ length: 400 }, () => 3 + 2 * rng.normal());
  const ci = bootstrapCi(x, { seed: 3, resamples: 4000 });
  const m = x.reduce((a, b) => a + b) / x.length;
  const s = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
  close(ci.estimate, m, 1e-12);
  close(ci.upper - ci.lower, 2 * 1.96 * s / Math.sqrt(400), 0.1 * 2 * 1.96 * s / 20);
  assert.deepEqual(bootstrapCi(x, { seed: 3, resamples: 4000 }), ci);
  // coverage over repeated samples of a known mean
  let covered = 0;
  for (let k = 0; k < 200; k++) {
    const r = new Rng(100 + k);
    const sample = Array.from({ length: 40 }, () => r.normal());
    const c = bootstrapCi(sample, { seed: k, resamples: 500 });
    if (c.lower <= 0 && c.upper >= 0) covered++;
  }
  assert.ok(covered >= 176 && covered <= 198, `coverage ${covered}/200`);
  assert.throws(() => bootstrapCi([]), InputError);
});
