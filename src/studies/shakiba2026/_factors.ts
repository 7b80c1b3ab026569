/**
 * The authors' per-factor statistics (their `simple_effects_generic`, Supplementary Tables
 * S5–S7): each variant is a level of three factors, W (w, w*, w!), D (d, d*, none) and
 * C (c, c*, none). For one factor, every combination of the other two that the variants
 * cover is a cell; in a cell with two or more levels a Kruskal–Wallis test runs across them,
 * then Mann–Whitney U on every pair of levels (always with two levels, with more only when
 * Kruskal–Wallis gives p < 0.05), and Holm corrects all the pairs of that factor, task and
 * metric together. Levels are ordered as strings, as pandas sorts them.
 */
import type { TestSummary } from "../../experiment/contract.ts";
import { kruskalWallis, mannWhitneyU } from "../../analysis/stats/mod.ts";
import { correctFamily, type RawTest } from "../_kit/mod.ts";
import { parseVariant } from "./_variants.ts";

/** The three factors of the variant grammar. */
export const FACTORS = ["W", "D", "C"] as const;

/** One of {@link FACTORS}. */
export type Factor = typeof FACTORS[number];

/**
 * A variant's level of each factor, spelled as the authors' notebooks do
 * (`w`/`w*`/`w!`, `d`/`d*`/`nan`, `c`/`c*`/`nan`).
 *
 * @example
 * ```ts
 * factorLevels("W!D*C"); // { W: "w!", D: "d*", C: "c" }
 * ```
 */
export function factorLevels(variant: string): Record<Factor, string> {
  const s = parseVariant(variant);
  return {
    W: s.init === "bio" ? "w*" : s.init === "permuted" ? "w!" : "w",
    D: s.space === "real" ? "d*" : s.space === "grid" ? "d" : "nan",
    C: s.regulariser === "wdc" ? "c" : s.regulariser === "emd" ? "c*" : "nan",
  };
}

/** One observation: a variant and a value of the metric tested. */
export interface FactorObservation {
  /** The variant that produced it. */
  variant: string;
  /** The metric's value (non-finite values are left out, as `dropna`). */
  value: number;
}

/**
 * The simple-effects tests of one factor over observations of one task and metric: the
 * Kruskal–Wallis rows (`a` = `W@d*,c` style cell name, `b` empty, not corrected) and the
 * pairwise Mann–Whitney rows (`a`, `b` = `w*@d*,c` levels in their cell, Holm over all pairs).
 *
 * @example
 * ```ts
 * const obs = [0.9, 0.92, 0.91].flatMap((v) => [
 *   { variant: "W*D*C", value: v }, { variant: "WD*C", value: v - 0.3 },
 * ]);
 * simpleEffects(obs, "W", "accuracy").map((t) => t.method);
 * // ["Kruskal–Wallis (df 1)", "Mann–Whitney U (exact)"]
 * ```
 */
export function simpleEffects(
  observations: readonly FactorObservation[],
  factor: Factor,
  metric: string,
): TestSummary[] {
  const others = FACTORS.filter((f) => f !== factor);
  const cells = new Map<string, Map<string, number[]>>();
  for (const o of observations) {
    if (!Number.isFinite(o.value)) continue;
    const lv = factorLevels(o.variant);
    const cell = others.map((f) => lv[f]).join(",");
    if (!cells.has(cell)) cells.set(cell, new Map());
    const groups = cells.get(cell)!;
    if (!groups.has(lv[factor])) groups.set(lv[factor], []);
    groups.get(lv[factor])!.push(o.value);
  }
  const omnibus: TestSummary[] = [];
  const pairs: RawTest[] = [];
  for (const cell of [...cells.keys()].sort()) {
    const groups = cells.get(cell)!;
    const levels = [...groups.keys()].sort();
    if (levels.length < 2) continue;
    const kw = kruskalWallis(levels.map((l) => groups.get(l)!));
    omnibus.push({
      metric,
      a: `${factor}@${cell}`,
      b: "",
      method: `Kruskal–Wallis (df ${kw.df})`,
      statistic: kw.statistic,
      p: kw.p,
      pAdjusted: kw.p,
      correction: "none",
      n: Math.min(...levels.map((l) => groups.get(l)!.length)),
    });
    if (levels.length > 2 && !(kw.p < 0.05)) continue;
    for (let i = 0; i < levels.length; i++) {
      for (let j = i + 1; j < levels.length; j++) {
        const x = groups.get(levels[i])!, y = groups.get(levels[j])!;
        const r = mannWhitneyU(x, y);
        pairs.push({
          metric,
          a: `${levels[i]}@${cell}`,
          b: `${levels[j]}@${cell}`,
          method: `Mann–Whitney U (${r.method})`,
          statistic: r.statistic,
          p: r.p,
          n: Math.min(x.length, y.length),
        });
      }
    }
  }
  return [...omnibus, ...correctFamily(pairs)];
}
