/**
 * Multiple-comparison corrections. Both return adjusted p-values in input order, clipped
 * at 1, so that "reject at level α" is `adjusted[i] <= α`.
 */
import { InputError } from "../../util/errors.ts";

function check(p: readonly number[]): void {
  for (const v of p) {
    if (!(v >= 0 && v <= 1)) throw new InputError(`p-values must lie in [0, 1], got ${v}`);
  }
}

/**
 * Bonferroni adjustment: min(1, m·p).
 *
 * @example
 * ```ts
 * import { bonferroni } from "@prevision/prevision/stats";
 * bonferroni([0.01, 0.04, 0.5]); // [0.03, 0.12, 1]
 * ```
 */
export function bonferroni(p: readonly number[]): number[] {
  check(p);
  const m = p.length;
  return p.map((v) => Math.min(1, v * m));
}

/**
 * Holm's step-down adjustment: sort ascending, adjusted_(i) = max_{j ≤ i} min(1, (m−j+1)·p_(j)).
 *
 * @example
 * ```ts
 * import { holm } from "@prevision/prevision/stats";
 * holm([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 * ```
 */
export function holm(p: readonly number[]): number[] {
  check(p);
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[index]));
    out[index] = running;
  });
  return out;
}
