/** Student's paired t-test and Welch's unequal-variance t-test (two-sided). */
import { InputError } from "../../util/errors.ts";
import { mean, variance } from "./describe.ts";
import { studentTTwoSided } from "./special.ts";

/** Result of a t-test. */
export interface TTestResult {
  /** t statistic (sign: a − b). */
  t: number;
  /** Degrees of freedom (real-valued for Welch). */
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** Mean difference a − b. */
  meanDifference: number;
}

/**
 * Paired two-sided t-test of a − b (a[i] and b[i] from the same replicate).
 *
 * @example
 * ```ts
 * import { pairedTTest } from "@prevision/prevision/stats";
 * pairedTTest([1, 2, 3, 4], [2, 2.5, 4.5, 5]).p; // ≈ 0.0163 (scipy.stats.ttest_rel)
 * ```
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): TTestResult {
  if (a.length !== b.length) {
    throw new InputError(`paired t-test needs equal lengths, got ${a.length} and ${b.length}`);
  }
  if (a.length < 2) throw new InputError("paired t-test needs at least 2 pairs");
  const d = a.map((v, i) => v - b[i]);
  const n = d.length;
  const md = mean(d);
  const t = md / Math.sqrt(variance(d) / n);
  const df = n - 1;
  return { t, df, p: studentTTwoSided(t, df), meanDifference: md };
}

/**
 * Welch's two-sided t-test (unequal variances, Welch–Satterthwaite df).
 *
 * @example
 * ```ts
 * import { welchTTest } from "@prevision/prevision/stats";
 * welchTTest([1, 2, 3, 4], [3, 4, 5, 6, 7]).df; // ≈ 6.97
 * ```
 */
export function welchTTest(a: readonly number[], b: readonly number[]): TTestResult {
  if (a.length < 2 || b.length < 2) throw new InputError("Welch's t-test needs ≥ 2 per group");
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const md = mean(a) - mean(b);
  const t = md / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
  return { t, df, p: studentTTwoSided(t, df), meanDifference: md };
}
