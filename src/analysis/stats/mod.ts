/**
 * Statistics: descriptive statistics, paired and Welch t-tests, the Wilcoxon signed-rank,
 * Mann–Whitney U and Kruskal–Wallis tests, bootstrap confidence intervals, Holm and
 * Bonferroni corrections, and the special functions (incomplete gamma and beta, Student t,
 * normal and χ² distributions) behind them.
 *
 * Every test names its p-value `p`; a p-value corrected for multiple comparisons is
 * `pAdjusted` (as in the studies' `TestSummary`, written to summary.json).
 *
 * @example Is the difference between two paired conditions significant?
 * ```ts
 * import { holm, pairedTTest } from "@prevision/prevision/stats";
 * const a = [0.91, 0.88, 0.93, 0.9, 0.87];
 * const b = [0.85, 0.86, 0.88, 0.84, 0.86];
 * const { t, p } = pairedTTest(a, b);
 * console.log(t, p, holm([p, 0.2]));
 * ```
 *
 * @module
 */
export * from "./special.ts";
export * from "./corrections.ts";
export * from "./describe.ts";
export * from "./ttest.ts";
export * from "./wilcoxon.ts";
export * from "./kruskal.ts";
export * from "./mannwhitney.ts";
export * from "./bootstrap.ts";
export * from "./kaplan_meier.ts";
export * from "./logrank.ts";
