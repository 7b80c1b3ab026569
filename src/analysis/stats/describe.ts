/** Descriptive statistics: mean, sample SD and a t-based confidence interval of the mean. */
import { studentTQuantile } from "./special.ts";

/** Summary of a sample. */
export interface Description {
  /** Sample size. */
  n: number;
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (n − 1 denominator); NaN for n < 2. */
  sd: number;
  /** Standard error of the mean, sd/√n. */
  sem: number;
  /** Confidence interval of the mean, mean ± t_{(1+level)/2, n−1}·sem. */
  ci: [number, number];
  /** The level of `ci` (default 0.95). */
  level: number;
}

/**
 * Arithmetic mean (NaN for an empty sample).
 *
 * @example
 * ```ts
 * import { mean } from "@prevision/prevision/stats";
 * mean([1, 2, 3, 4]); // 2.5
 * ```
 */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample variance with the n − 1 denominator (NaN for n < 2).
 *
 * @example
 * ```ts
 * import { variance } from "@prevision/prevision/stats";
 * variance([1, 2, 3, 4]); // 1.6666666666666667
 * ```
 */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

/**
 * Sample standard deviation (n − 1 denominator).
 *
 * @example
 * ```ts
 * import { sd } from "@prevision/prevision/stats";
 * sd([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138089935299395
 * ```
 */
export function sd(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}

/**
 * Mean, SD, SEM and confidence interval (t distribution with n − 1 df).
 *
 * @example
 * ```ts
 * import { describe } from "@prevision/prevision/stats";
 * describe([1, 2, 3, 4, 5]).ci; // [1.0367568385224393, 4.963243161477561]
 * ```
 */
export function describe(xs: readonly number[], level = 0.95): Description {
  const n = xs.length;
  const m = mean(xs);
  const s = sd(xs);
  const sem = s / Math.sqrt(n);
  const t = n >= 2 ? studentTQuantile((1 + level) / 2, n - 1) : NaN;
  return { n, mean: m, sd: s, sem, ci: [m - t * sem, m + t * sem], level };
}
