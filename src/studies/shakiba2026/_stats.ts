/**
 * The statistics of the shakiba2026 report, per task and metric: Kruskal–Wallis across the
 * variants, Mann–Whitney U of each variant against the baseline W (Holm within the family
 * of one task and metric, as the paper corrects), and bio- against non-bio-initialised
 * networks, with bootstrap 95 % CIs of both means.
 */
import type { TestSummary } from "../../experiment/contract.ts";
import { bootstrapCi, kruskalWallis, mannWhitneyU } from "../../analysis/stats/mod.ts";
import { correctFamily, type RawTest } from "../_kit/mod.ts";
import { isBio } from "./_variants.ts";
import type { Shakiba2026Result } from "./unit.ts";

/** The metrics the report summarises and tests. */
export const METRICS = [
  "accuracy",
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

function ciOf(xs: number[]): MeanCi {
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
): { tests: TestSummary[]; bioContrast: Record<string, Record<string, BioContrast>> } {
  const tests: TestSummary[] = [];
  const bioContrast: Record<string, Record<string, BioContrast>> = {};
  for (const t of tasks) {
    bioContrast[t] = {};
    for (const m of METRICS) {
      const groups = groupsOf(results, variants, t, m);
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
  return { tests, bioContrast };
}
