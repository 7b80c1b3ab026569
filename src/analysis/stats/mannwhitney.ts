/**
 * Two-sided Mann–Whitney U test with scipy.stats.mannwhitneyu's defaults: U of the first
 * sample; exact null distribution when a sample has fewer than 8 values and there are no
 * ties, else the normal approximation with tie correction and continuity correction.
 */
import { InputError } from "../../util/errors.ts";
import { normalCdf } from "./special.ts";
import { midRanks } from "./_ranks.ts";
import { holm } from "./corrections.ts";

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of the first sample. */
  statistic: number;
  /** Two-sided p-value. */
  p: number;
  /** Which null distribution gave the p-value. */
  method: "exact" | "asymptotic";
}

/** P(U ≥ u) under the null for sample sizes n1, n2 without ties (counting permutations). */
function exactUpperTail(u: number, n1: number, n2: number): number {
  // f[i][j][k]: number of arrangements of i x's and j y's with U = k (dp over the last value).
  const max = n1 * n2;
  let prev: Float64Array[] = Array.from({ length: n2 + 1 }, () => new Float64Array(max + 1));
  for (let j = 0; j <= n2; j++) prev[j][0] = 1;
  for (let i = 1; i <= n1; i++) {
    const cur: Float64Array[] = Array.from({ length: n2 + 1 }, () => new Float64Array(max + 1));
    cur[0][0] = 1;
    for (let j = 1; j <= n2; j++) {
      for (let k = 0; k <= i * j; k++) {
        // largest value is an x (it beats all j y's) or a y
        cur[j][k] = (k >= j ? prev[j][k - j] : 0) + cur[j - 1][k];
      }
    }
    prev = cur;
  }
  const counts = prev[n2];
  let total = 0, tail = 0;
  for (let k = 0; k <= max; k++) {
    total += counts[k];
    if (k >= u) tail += counts[k];
  }
  return tail / total;
}

/**
 * Mann–Whitney U test, two-sided.
 *
 * @example
 * ```ts
 * import { mannWhitneyU } from "@prevision/prevision/stats";
 * mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]); // U 17, p 0.1111 (exact; scipy docs)
 * ```
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  method: "auto" | "exact" | "asymptotic" = "auto",
): MannWhitneyResult {
  const n1 = x.length, n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new InputError("mannwhitney: both samples need values");
  if ([...x, ...y].some((v) => !Number.isFinite(v))) {
    throw new InputError("mannwhitney: values must be finite");
  }
  const { ranks, tieTerm } = midRanks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);
  const useExact = method === "exact" ||
    (method === "auto" && Math.min(n1, n2) < 8 && tieTerm === 0);
  if (useExact) {
    return {
      statistic: u1,
      p: Math.min(1, 2 * exactUpperTail(u, n1, n2)),
      method: "exact",
    };
  }
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const s = Math.sqrt((n1 * n2 / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = s > 0 ? (u - mu - 0.5) / s : 0;
  return { statistic: u1, p: Math.min(1, 2 * (1 - normalCdf(z))), method: "asymptotic" };
}

/**
 * Mann–Whitney tests of every group against a reference group, Holm-corrected.
 *
 * @example
 * ```ts
 * import { mannWhitneyVsReference } from "@prevision/prevision/stats";
 * const r = mannWhitneyVsReference({ a: [1, 2, 3], b: [7, 8, 9], ref: [4, 5, 6] }, "ref");
 * r.a.pAdjusted; // Holm-adjusted p
 * ```
 */
export function mannWhitneyVsReference(
  groups: Record<string, readonly number[]>,
  reference: string,
): Record<string, MannWhitneyResult & { pAdjusted: number }> {
  const ref = groups[reference];
  if (!ref) throw new InputError(`mannwhitney: no reference group '${reference}'`);
  const names = Object.keys(groups).filter((k) => k !== reference);
  const results = names.map((k) => mannWhitneyU(groups[k], ref));
  const adjusted = holm(results.map((r) => r.p));
  return Object.fromEntries(names.map((k, i) => [k, { ...results[i], pAdjusted: adjusted[i] }]));
}
