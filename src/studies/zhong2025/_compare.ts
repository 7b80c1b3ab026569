/**
 * The comparisons of the zhong2025 report, fixed in advance and Holm-corrected together
 * (one family: every test the report shows):
 * - per arm, the authors' behavioural measure (session-1 rewarded − unrewarded reward-zone
 *   lick rate, first 200 trials): unsupervised vs naive and vs grating, Mann–Whitney U;
 * - per arm, trials-to-criterion as censored times (never reached = censored at the trials
 *   run): the same pairs, log-rank test;
 * - the top layer's selective fraction (authors' d′ over frames): unsupervised vs naive
 *   and task vs naive, Mann–Whitney U.
 * All tests are two-sided, independent samples, one value per seed.
 *
 * @module
 */
import { logRank } from "../../analysis/stats/logrank.ts";
import { mannWhitneyU } from "../../analysis/stats/mannwhitney.ts";
import type { TestSummary } from "../../experiment/contract.ts";
import { correctFamily, type RawTest } from "../_kit/mod.ts";
import type { Arm } from "./config.ts";
import type { ArmResult } from "./_behaviour.ts";
import type { Zhong2025Result } from "./unit.ts";

/** The top layer's measures of a unit. */
export const topLayer = (r: Zhong2025Result) => r.neural.layers[r.neural.layers.length - 1];

/** The behavioural pairs, tested in each arm. */
const BEHAVIOUR_PAIRS: [string, string][] = [["unsupervised", "naive"], [
  "unsupervised",
  "grating",
]];
/** The selectivity pairs. */
const SELECTIVITY_PAIRS: [string, string][] = [["unsupervised", "naive"], ["task", "naive"]];

/** The runs of a group in one arm (units without that arm left out). */
export function armRuns(rs: readonly Zhong2025Result[], arm: Arm): ArmResult[] {
  return rs.flatMap((r) => (r.arms[arm] ? [r.arms[arm]] : []));
}

function mwu(metric: string, a: string, b: string, x: number[], y: number[]): RawTest[] {
  if (x.length < 2 || y.length < 2) return [];
  const t = mannWhitneyU(x, y);
  const n = Math.min(x.length, y.length);
  return [{ metric, a, b, method: "Mann–Whitney U", statistic: t.statistic, p: t.p, n }];
}

function logRankTest(arm: Arm, a: string, b: string, x: ArmResult[], y: ArmResult[]): RawTest[] {
  if (x.length < 2 || y.length < 2) return [];
  const sample = (rs: ArmResult[]) => ({
    times: rs.map((r) => r.trialsToCriterion),
    events: rs.map((r) => r.reached),
  });
  const t = logRank(sample(x), sample(y));
  // No run of either group reached criterion: nothing to compare (p is NaN), no test.
  if (!Number.isFinite(t.p)) return [];
  return [{
    metric: `${arm}.trialsToCriterion`,
    a,
    b,
    method: "log-rank (censored)",
    statistic: t.statistic,
    p: t.p,
    n: Math.min(x.length, y.length),
  }];
}

/**
 * Every comparison of the report, Holm-corrected as one family.
 *
 * @example
 * ```ts
 * compareGroups(new Map(), ["frozen"]); // []: no group has results
 * ```
 */
export function compareGroups(
  by: Map<string, Zhong2025Result[]>,
  arms: readonly Arm[],
): TestSummary[] {
  const of = (g: string) => by.get(g) ?? [];
  const raw: RawTest[] = [];
  for (const arm of arms) {
    for (const [a, b] of BEHAVIOUR_PAIRS) {
      const x = armRuns(of(a), arm), y = armRuns(of(b), arm);
      const day1 = (rs: ArmResult[]) =>
        rs.map((r) => r.sessions[0].difference).filter(Number.isFinite);
      raw.push(...mwu(`${arm}.lickDifference.session1`, a, b, day1(x), day1(y)));
      raw.push(...logRankTest(arm, a, b, x, y));
    }
  }
  for (const [a, b] of SELECTIVITY_PAIRS) {
    const f = (g: string) => of(g).map((r) => topLayer(r).selectiveFraction);
    raw.push(...mwu("selectiveFraction", a, b, f(a), f(b)));
  }
  return correctFamily(raw);
}
