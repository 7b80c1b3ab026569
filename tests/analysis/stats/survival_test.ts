import assert from "node:assert/strict";
import { kaplanMeier, survivalAt } from "../../../src/analysis/stats/kaplan_meier.ts";
import { logRank } from "../../../src/analysis/stats/logrank.ts";
import { InputError } from "../../../src/util/errors.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b} (tol ${tol})`);

// Trials to criterion of two groups of 7 learners; `false` = never reached it (censored at
// the 300 trials run). Group A ties group B at 55 trials.
const A = { times: [40, 55, 55, 70, 90, 300, 300], events: [1, 1, 1, 1, 1, 0, 0].map(Boolean) };
const B = { times: [55, 80, 120, 150, 300, 300, 300], events: [1, 1, 1, 0, 0, 0, 0].map(Boolean) };

Deno.test("kaplanMeier: the curve of censored trials-to-criterion, by hand and as scipy", () => {
  const km = kaplanMeier(A.times, A.events);
  // By hand: 7 at risk; 40: 1 event → 6/7; 55: 2 of 6 → 6/7·4/6 = 4/7; 70: 1 of 4 → 3/7;
  // 90: 1 of 3 → 2/7; 300: 2 censored, no event → stays 2/7. scipy 1.17
  // stats.ecdf(CensoredData.right_censored(times, ~events)).sf.probabilities gives
  // [0.857142857, 0.571428571, 0.428571429, 0.285714286, 0.285714286] at [40, 55, 70, 90, 300].
  assert.deepEqual(km.steps.map((s) => s.time), [40, 55, 70, 90, 300]);
  assert.deepEqual(km.steps.map((s) => s.atRisk), [7, 6, 4, 3, 2]);
  const expected = [6 / 7, 4 / 7, 3 / 7, 2 / 7, 2 / 7];
  km.steps.forEach((s, i) => close(s.survival, expected[i], 1e-12));
  assert.equal(km.steps[4].censored, 2);
  assert.equal(km.median, 70, "S first ≤ 0.5 at 70 trials");
  assert.equal(km.events, 5);
  close(survivalAt(km, 60), 4 / 7, 1e-12);
  assert.equal(survivalAt(km, 39), 1);
  // Group B: 3 of 7 reached criterion, so S never drops to 0.5: no median.
  const kmB = kaplanMeier(B.times, B.events);
  close(kmB.steps.at(-1)!.survival, 4 / 7, 1e-12);
  assert.equal(kmB.median, null);
  assert.throws(() => kaplanMeier([1, 2], [true]), InputError);
  assert.throws(() => kaplanMeier([], []), InputError);
});

Deno.test("logRank: by hand and against scipy.stats.logrank", () => {
  // scipy 1.17: stats.logrank(CensoredData.right_censored(A.times, ~A.events), same for B)
  // → statistic 1.2931128218037675 (signed Z, A first), pvalue 0.19597204118786293.
  const r = logRank(A, B);
  close(r.z, 1.2931128218037675, 1e-12);
  close(r.p, 0.19597204118786293, 1e-10);
  close(r.statistic, 1.2931128218037675 ** 2, 1e-12);
  assert.deepEqual(r.observed, [5, 3]);
  close(r.expected[0] + r.expected[1], 8, 1e-12);
  // Symmetric: swapping the groups flips Z and keeps p.
  const s = logRank(B, A);
  close(s.z, -r.z, 1e-12);
  close(s.p, r.p, 1e-12);
  // By hand, one event per group at distinct times, no censoring: t=1 (A): n 2 (1+1), E_A =
  // 1/2, V = 1/4; t=2 (B): only B at risk, E_A = 0, V = 0 → Z = (1 − 1/2)/√(1/4) = 1, p =
  // P(χ²₁ ≥ 1) = 0.3173105078629141.
  const h = logRank({ times: [1], events: [true] }, { times: [2], events: [true] });
  close(h.z, 1, 1e-12);
  close(h.p, 0.3173105078629141, 1e-12);
  // No event anywhere: nothing to test.
  const none = { times: [5, 6], events: [false, false] };
  assert.ok(Number.isNaN(logRank(none, none).p));
  assert.throws(() => logRank({ times: [1, 2], events: [true] }, A), InputError);
});
