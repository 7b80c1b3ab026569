/**
 * Summaries and comparisons for study reports: mean/SD/n per group and metric, and families
 * of tests with one multiple-comparison correction, in the shape `summary.json` uses.
 *
 * @module
 */
import { bonferroni, holm, mean, sd } from "../../analysis/stats/mod.ts";
import type { MetricSummary, TestSummary } from "../../experiment/contract.ts";

/**
 * Mean, sample SD and count of the finite values (non-finite ones are left out).
 *
 * @example
 * ```ts
 * import { summarise } from "@prevision/prevision/studies";
 * summarise([1, 2, 3]); // { mean: 2, sd: 1, n: 3 }
 * ```
 */
export function summarise(values: readonly number[]): MetricSummary {
  const finite = values.filter(Number.isFinite);
  return { mean: mean(finite), sd: finite.length > 1 ? sd(finite) : NaN, n: finite.length };
}

/** `mean ± SD` with `digits` decimals (`—` when there is no value). */
export function formatMeanSd(s: MetricSummary, digits = 1): string {
  if (s.n === 0 || !Number.isFinite(s.mean)) return "—";
  return Number.isFinite(s.sd)
    ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`
    : s.mean.toFixed(digits);
}

/** One test before correction: a {@link TestSummary} without its adjusted p-value. */
export type RawTest = Omit<TestSummary, "pAdjusted" | "correction">;

/**
 * Applies one correction across a family of tests (Holm by default; Bonferroni on request)
 * and returns them in the summary's shape.
 *
 * @example
 * ```ts
 * import { correctFamily } from "@prevision/prevision/studies";
 * const tests = correctFamily([
 *   { metric: "test", a: "x", b: "y", method: "paired t", statistic: 3, p: 0.01, n: 6 },
 *   { metric: "test", a: "x", b: "z", method: "paired t", statistic: 1, p: 0.2, n: 6 },
 * ]);
 * tests[0].pAdjusted; // 0.02
 * ```
 */
export function correctFamily(
  tests: readonly RawTest[],
  correction: "holm" | "bonferroni" = "holm",
): TestSummary[] {
  const valid = tests.map((t) => Number.isFinite(t.p));
  const ps = tests.filter((_, i) => valid[i]).map((t) => t.p);
  const adjusted = correction === "holm" ? holm(ps) : bonferroni(ps);
  let k = 0;
  return tests.map((t, i) => ({
    ...t,
    pAdjusted: valid[i] ? adjusted[k++] : NaN,
    correction,
  }));
}

/** A p-value for tables: 3 significant digits, `< 1e-4` below that. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "—";
  if (p < 1e-4) return "< 1e-4";
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
