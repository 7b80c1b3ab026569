// Reference values: hand calculation where noted; R's `sleep` data set (Cushny & Peebles,
// the example of R's t.test help: paired t = −4.0621, df = 9, p = 0.002833; Welch
// t = −1.8608, df = 17.776, p = 0.07939) with full digits from SciPy 1.17.1
// (`stats.ttest_rel`, `stats.ttest_ind(equal_var=False)`); the Hollander & Wolfe depression
// data of R's wilcox.test help (V = 40, p = 0.03906) and scipy.stats.wilcoxon.
import assert from "node:assert/strict";
import {
  bonferroni,
  describe,
  holm,
  mean,
  pairedTTest,
  sd,
  welchTTest,
  wilcoxonSignedRank,
} from "../../../src/analysis/stats/mod.ts";

const close = (actual: number, expected: number, tol = 1e-9) =>
  assert.ok(
    Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)),
    `${actual} vs ${expected}`,
  );

const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

Deno.test("describe: mean, sd (n−1), 95% CI by hand", () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
  close(sd([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7)); // Σ(x−5)² = 32
  const d = describe([1, 2, 3, 4, 5]);
  close(d.sd, Math.sqrt(2.5));
  // 3 ± t_{0.975,4}·√(2.5/5), t_{0.975,4} = 2.7764451051977934 (scipy)
  close(d.ci[0], 3 - 2.7764451051977934 * Math.sqrt(0.5));
  close(d.ci[1], 4.963243161477557);
  assert.ok(Number.isNaN(describe([1]).sd));
});

Deno.test("paired t-test: R sleep data", () => {
  const r = pairedTTest(sleep1, sleep2);
  close(r.t, -4.062127683382037);
  assert.equal(r.df, 9);
  close(r.p, 0.002832890197384273);
  close(r.meanDifference, -1.58);
  assert.throws(() => pairedTTest([1, 2], [1]), /equal lengths/);
});

Deno.test("Welch t-test: R sleep data", () => {
  const r = welchTTest(sleep1, sleep2);
  close(r.t, -1.8608134674868526);
  close(r.df, 17.776473516178488);
  close(r.p, 0.0793941401873583);
});

Deno.test("Wilcoxon exact: hand calculation and R's depression example", () => {
  // all 5 differences positive: W− = 0, P(W+ = 15) = 1/32, two-sided 2/32
  const allUp = wilcoxonSignedRank([1.1, 2.2, 3.3, 4.4, 5.5]);
  assert.equal(allUp.method, "exact");
  assert.equal(allUp.wPlus, 15);
  close(allUp.p, 0.0625);
  const x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  const r = wilcoxonSignedRank(x, y);
  assert.equal(r.wPlus, 40);
  assert.equal(r.wMinus, 5);
  close(r.p, 0.0390625); // = 2·10/512
});

Deno.test("Wilcoxon normal approximation with ties and continuity correction", () => {
  const d = [1, 2, 2, 3, -1, 4, 5, 5, 5, 6, -2, 7, 8, 9, 10, 11, -3, 12];
  const r = wilcoxonSignedRank(d);
  assert.equal(r.method, "normal");
  assert.equal(r.wMinus, 12);
  close(r.p, 0.0014578215328382707); // scipy wilcoxon(method="approx", correction=True)
  const d30 = Array.from({ length: 30 }, (_, i) => i % 3 ? (i + 1) * 1.013 : -(i + 1));
  const r30 = wilcoxonSignedRank(d30);
  assert.equal(r30.method, "normal"); // n > 25
  assert.equal(r30.wMinus, 145);
  close(r30.p, 0.07354309334531801);
  assert.equal(wilcoxonSignedRank([0, 0]).p, 1);
});

Deno.test("Bonferroni and Holm: hand calculation", () => {
  assert.deepEqual(bonferroni([0.01, 0.04, 0.5]), [0.03, 0.12, 1]);
  // sorted 0.01, 0.03, 0.04 → 3·0.01, 2·0.03, max(0.06, 1·0.04) — back in input order
  const h = holm([0.01, 0.04, 0.03]);
  close(h[0], 0.03);
  close(h[1], 0.06);
  close(h[2], 0.06);
  assert.deepEqual(holm([0.9, 0.8]), [1, 1]); // 2·0.8 clipped at 1, then monotone
  const h2 = holm([0.4, 0.3]); // 2·0.3 = 0.6, then max(0.6, 1·0.4)
  close(h2[0], 0.6);
  close(h2[1], 0.6);
  assert.deepEqual(holm([]), []);
  assert.throws(() => bonferroni([1.2]), /\[0, 1\]/);
});
