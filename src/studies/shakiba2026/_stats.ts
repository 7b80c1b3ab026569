/**
 * The statistics of the shakiba2026 report, per task and metric: the authors' per-factor
 * simple effects (Kruskal–Wallis → Mann–Whitney U → Holm, see `_factors.ts`), Kruskal–Wallis
 * across all variants, Mann–Whitney U of each variant against the baseline W (Holm within
 * the family of one task and metric), bio- against non-bio-initialised networks, and
 * bootstrap 95 % CIs of every variant's mean and of the bio / non-bio means.
 */
import type { TestSummary } from "../../experiment/contract.ts";
import { bootstrapCi, kruskalWallis, mannWhitneyU } from "../../analysis/stats/mod.ts";
import { correctFamily, type RawTest } from "../_kit/mod.ts";
import { isBio } from "./_variants.ts";
import { FACTORS, simpleEffects } from "./_factors.ts";
import type { Shakiba2026Result } from "./unit.ts";

/** The metrics the report summarises and tests. */
export const METRICS = [
  "accuracy",
  "trainAccuracy",
  "modularity",
  "smallWorld",
  "entropy",
  "assortativity",
] as const;

/** One of {@link METRICS}. */
export type Metric = typeof METRICS[number];

/** A bootstrap 95 % CI of a mean (null where there is no value). */
export interface MeanCi {
  mean: number | null;
  lower: number | null;
  upper: number | null;
}

/** Bio- against non-bio-initialised networks on one task and metric. */
export interface BioContrast {
  bio: MeanCi;
  nonBio: MeanCi;
}

const round = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);

/**
 * Bootstrap 95 % CI of a mean (percentile, 2,000 resamples, seed 1); nulls without values.
 *
 * @example
 * ```ts
 * ciOf([]).mean; // null
 * ```
 */
export function ciOf(xs: number[]): MeanCi {
  if (xs.length === 0) return { mean: null, lower: null, upper: null };
  const ci = bootstrapCi(xs, { seed: 1, resamples: 2000 });
  return { mean: round(ci.estimate), lower: round(ci.lower), upper: round(ci.upper) };
}

/**
 * The finite values of a metric per variant on a task.
 *
 * @example
 * ```ts
 * groupsOf([], ["W"], "gonogo", "accuracy"); // { W: [] }
 * ```
 */
export function groupsOf(
  results: readonly Shakiba2026Result[],
  variants: readonly string[],
  task: string,
  metric: Metric,
): Record<string, number[]> {
  const groups: Record<string, number[]> = {};
  for (const v of variants) {
    groups[v] = results.filter((r) => r.variant === v && r.task === task).map((r) => r[metric])
      .filter(Number.isFinite);
  }
  return groups;
}

/**
 * Every test of the report, each family already corrected, plus the bootstrap CIs of the
 * bio / non-bio contrast by task and metric. Kruskal–Wallis rows have `a = "*\/<task>"` (all
 * variants) and an empty `b`; group names are `<variant>/<task>`, `bio/<task>`,
 * `non-bio/<task>`.
 *
 * @example
 * ```ts
 * reportTests([], ["W*D*C", "W"], ["gonogo"]).tests; // []
 * ```
 */
export function reportTests(
  results: readonly Shakiba2026Result[],
  variants: readonly string[],
  tasks: readonly string[],
): {
  tests: TestSummary[];
  factorTests: TestSummary[];
  bioContrast: Record<string, Record<string, BioContrast>>;
  variantCi: Record<string, Record<string, Record<string, MeanCi>>>;
} {
  const tests: TestSummary[] = [];
  const factorTests: TestSummary[] = [];
  const bioContrast: Record<string, Record<string, BioContrast>> = {};
  const variantCi: Record<string, Record<string, Record<string, MeanCi>>> = {};
  for (const t of tasks) {
    bioContrast[t] = {};
    variantCi[t] = {};
    for (const m of METRICS) {
      const groups = groupsOf(results, variants, t, m);
      for (const v of variants) (variantCi[t][v] ??= {})[m] = ciOf(groups[v]);
      const observations = Object.entries(groups).flatMap(([variant, xs]) =>
        xs.map((value) => ({ variant, value }))
      );
      for (const f of FACTORS) {
        factorTests.push(...simpleEffects(observations, f, `${m}/${t}`));
      }
      const nonEmpty = Object.values(groups).filter((g) => g.length > 0);
      if (nonEmpty.length >= 2 && nonEmpty.flat().length > nonEmpty.length) {
        const kw = kruskalWallis(nonEmpty);
        tests.push(...correctFamily([{
          metric: m,
          a: `*/${t}`,
          b: "",
          method: `Kruskal–Wallis (df ${kw.df})`,
          statistic: kw.statistic,
          p: kw.p,
          n: Math.min(...nonEmpty.map((g) => g.length)),
        }]));
      }
      if (groups.W?.length) {
        const family: RawTest[] = [];
        for (const [v, g] of Object.entries(groups)) {
          if (v === "W" || g.length === 0) continue;
          const r = mannWhitneyU(g, groups.W);
          family.push({
            metric: m,
            a: `${v}/${t}`,
            b: `W/${t}`,
            method: `Mann–Whitney U (${r.method})`,
            statistic: r.statistic,
            p: r.p,
            n: Math.min(g.length, groups.W.length),
          });
        }
        tests.push(...correctFamily(family));
      }
      const bio = variants.filter(isBio).flatMap((v) => groups[v]);
      const non = variants.filter((v) => !isBio(v)).flatMap((v) => groups[v]);
      if (bio.length && non.length) {
        const r = mannWhitneyU(bio, non);
        tests.push(...correctFamily([{
          metric: m,
          a: `bio/${t}`,
          b: `non-bio/${t}`,
          method: `Mann–Whitney U (${r.method})`,
          statistic: r.statistic,
          p: r.p,
          n: Math.min(bio.length, non.length),
        }]));
        bioContrast[t][m] = { bio: ciOf(bio), nonBio: ciOf(non) };
      }
    }
  }
  return { tests, factorTests, bioContrast, variantCi };
}
