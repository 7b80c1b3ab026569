/**
 * The comparisons of the zhong2025 report. Over seeds, each measure is compared between
 * the exposed-naturalistic group and the naive and grating-exposed groups, and for the
 * selectivity measures also between the task group and the naive and unsupervised groups.
 * Each pair gets a Mann–Whitney U and a Welch t test (independent samples) and, when both
 * groups ran the same seeds, the Wilcoxon signed-rank test paired by seed (every group of
 * a seed starts from the same initial encoder). Holm's correction runs over the pairs of
 * one measure and one method.
 *
 * @module
 */
import { mannWhitneyU } from "../../analysis/stats/mannwhitney.ts";
import { welchTTest } from "../../analysis/stats/ttest.ts";
import { wilcoxonSignedRank } from "../../analysis/stats/wilcoxon.ts";
import type { TestSummary } from "../../experiment/contract.ts";
import { correctFamily, type RawTest } from "../_kit/mod.ts";
import type { Zhong2025Result } from "./unit.ts";

const top = (r: Zhong2025Result) => r.neural.layers[r.neural.layers.length - 1];

/** The measures compared between groups, one number per unit. */
export const MEASURES: Record<string, (r: Zhong2025Result) => number> = {
  trialsToCriterion: (r) => r.trialsToCriterion,
  first200Correct: (r) => r.first200Correct,
  selectiveFraction: (r) => top(r).selectiveFraction,
  // |d′| ≥ 0.3 saturates in small models; the mean |d′| still shows the change.
  meanAbsDPrime: (r) => top(r).meanAbsDPrime,
};

/** The group pairs (a, b) compared for a measure. */
function pairsOf(measure: string): [string, string][] {
  const pairs: [string, string][] = [["unsupervised", "naive"], ["unsupervised", "grating"]];
  if (measure === "selectiveFraction" || measure === "meanAbsDPrime") {
    pairs.push(["task", "naive"], ["task", "unsupervised"]);
  }
  return pairs;
}

/** The raw tests of one pair (none when a group has fewer than 2 seeds). */
function pairTests(
  measure: string,
  a: string,
  b: string,
  ra: Zhong2025Result[],
  rb: Zhong2025Result[],
) {
  if (ra.length < 2 || rb.length < 2) return [];
  const f = MEASURES[measure];
  const x = ra.map(f), y = rb.map(f);
  const n = Math.min(x.length, y.length);
  const tests: RawTest[] = [];
  const mw = mannWhitneyU(x, y);
  tests.push({
    metric: measure,
    a,
    b,
    method: "Mann–Whitney U",
    statistic: mw.statistic,
    p: mw.p,
    n,
  });
  if (![...x, ...y].every((v) => v === x[0])) {
    const t = welchTTest(x, y);
    tests.push({ metric: measure, a, b, method: "Welch t", statistic: t.t, p: t.p, n });
  }
  const sameSeeds = ra.length === rb.length && ra.every((r, i) => r.seed === rb[i].seed);
  if (sameSeeds && x.some((v, i) => v !== y[i])) {
    const w = wilcoxonSignedRank(x, y);
    tests.push({
      metric: measure,
      a,
      b,
      method: "Wilcoxon signed-rank (paired by seed)",
      statistic: w.wPlus,
      p: w.p,
      n: x.length,
    });
  }
  return tests;
}

/**
 * Every comparison of the report, Holm-corrected per measure and method.
 *
 * @example
 * ```ts
 * compareGroups(new Map()); // []: no group has results
 * ```
 */
export function compareGroups(by: Map<string, Zhong2025Result[]>): TestSummary[] {
  const out: TestSummary[] = [];
  for (const measure of Object.keys(MEASURES)) {
    const raw = pairsOf(measure).flatMap(([a, b]) =>
      pairTests(measure, a, b, by.get(a) ?? [], by.get(b) ?? [])
    );
    const methods = [...new Set(raw.map((t) => t.method))];
    for (const method of methods) {
      out.push(...correctFamily(raw.filter((t) => t.method === method)));
    }
  }
  return out;
}
