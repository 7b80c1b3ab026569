/** Wilcoxon signed-rank test (two-sided) for paired samples or one sample of differences. */
import { InputError } from "../../util/errors.ts";
import { normalCdf } from "./special.ts";
import { midRanks } from "./_ranks.ts";

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** Sum of the ranks of the positive differences. */
  wPlus: number;
  /** Sum of the ranks of the negative differences. */
  wMinus: number;
  /** Number of non-zero differences used. */
  n: number;
  /** Two-sided p-value. */
  p: number;
  /** "exact" (no ties, n ≤ 25) or "normal" (tie and continuity corrected). */
  method: "exact" | "normal";
  /** z statistic of the normal approximation (NaN for the exact method). */
  z: number;
}

/** Largest n for which the exact null distribution is used (when there are no ties). */
export const WILCOXON_EXACT_MAX_N = 25;

/** Exact P(W+ ≤ w) under H0 for n untied ranks, by counting subsets. */
function exactCdf(n: number, w: number): number {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let s = max; s >= k; s--) counts[s] += counts[s - k];
  }
  let below = 0;
  for (let s = 0; s <= Math.floor(w); s++) below += counts[s];
  return below / 2 ** n;
}

/**
 * Two-sided Wilcoxon signed-rank test of the differences a − b (or of `a` alone when `b`
 * is omitted). Zero differences are dropped (Wilcoxon's method). Exact null distribution
 * when n ≤ 25 and no ties; otherwise the normal approximation with tie-corrected variance
 * and a continuity correction of 0.5.
 *
 * @example
 * ```ts
 * import { wilcoxonSignedRank } from "@prevision/prevision/stats";
 * wilcoxonSignedRank([1.1, 2.2, 3.3, 4.4, 5.5]).p; // 0.0625 (exact: 2/32)
 * ```
 */
export function wilcoxonSignedRank(
  a: readonly number[],
  b?: readonly number[],
): WilcoxonResult {
  if (b && b.length !== a.length) {
    throw new InputError(`Wilcoxon test needs equal lengths, got ${a.length} and ${b.length}`);
  }
  const diffs = a.map((v, i) => v - (b ? b[i] : 0));
  if (diffs.some((d) => !Number.isFinite(d))) throw new InputError("Wilcoxon: non-finite value");
  const nonzero = diffs.filter((d) => d !== 0);
  const n = nonzero.length;
  if (n === 0) return { wPlus: 0, wMinus: 0, n: 0, p: 1, method: "exact", z: NaN };
  const { ranks, tieTerm } = midRanks(nonzero.map(Math.abs));
  let wPlus = 0;
  let wMinus = 0;
  nonzero.forEach((d, i) => d > 0 ? (wPlus += ranks[i]) : (wMinus += ranks[i]));
  if (tieTerm === 0 && n <= WILCOXON_EXACT_MAX_N) {
    const p = Math.min(1, 2 * exactCdf(n, Math.min(wPlus, wMinus)));
    return { wPlus, wMinus, n, p, method: "exact", z: NaN };
  }
  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const dev = Math.abs(wPlus - mu);
  const z = sigma > 0 ? Math.max(0, dev - 0.5) / sigma : 0;
  const p = Math.min(1, 2 * normalCdf(-z));
  return { wPlus, wMinus, n, p, method: "normal", z: Math.sign(wPlus - mu) * z };
}
