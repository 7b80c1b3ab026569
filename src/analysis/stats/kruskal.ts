/** Kruskal–Wallis H test (scipy.stats.kruskal: tie-corrected H, χ² with k − 1 df). */
import { InputError } from "../../util/errors.ts";
import { chiSquareSurvival } from "./special.ts";
import { midRanks } from "./_ranks.ts";

/** Result of {@link kruskalWallis}. */
export interface KruskalResult {
  /** Tie-corrected H. */
  statistic: number;
  /** P(χ²_df ≥ H). */
  p: number;
  /** Degrees of freedom, groups − 1. */
  df: number;
}

/**
 * Kruskal–Wallis test that k ≥ 2 samples come from the same distribution.
 *
 * @example
 * ```ts
 * import { kruskalWallis } from "@prevision/prevision/stats";
 * kruskalWallis([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]]); // H 0.2727, p 0.6015 (scipy docs)
 * ```
 */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalResult {
  if (groups.length < 2) throw new InputError("kruskal: need at least two groups");
  for (const g of groups) {
    if (g.length === 0) throw new InputError("kruskal: every group needs a value");
    if (g.some((v) => !Number.isFinite(v))) throw new InputError("kruskal: values must be finite");
  }
  const pooled = groups.flat();
  const n = pooled.length;
  const { ranks, tieTerm } = midRanks(pooled);
  let h = 0;
  let offset = 0;
  for (const g of groups) {
    let r = 0;
    for (let i = 0; i < g.length; i++) r += ranks[offset + i];
    h += (r * r) / g.length;
    offset += g.length;
  }
  h = (12 / (n * (n + 1))) * h - 3 * (n + 1);
  const correction = 1 - tieTerm / (n * n * n - n);
  const df = groups.length - 1;
  if (correction <= 0) return { statistic: NaN, p: NaN, df };
  h /= correction;
  return { statistic: h, p: chiSquareSurvival(h, df), df };
}
