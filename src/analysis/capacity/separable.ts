/**
 * An exact linear-separability test: labelled points are strictly separable by a
 * hyperplane (through the origin, or with a bias) iff the origin is outside the convex hull
 * of the label-signed points, decided by a phase-1 simplex (no step cap, no tolerance on
 * a margin). Both answers come with a certificate that can be checked.
 */
import { originInHull } from "./_simplex.ts";
import { InputError } from "../../util/errors.ts";

/** Options of {@link separability}. */
export interface SeparabilityOptions {
  /** Allow an offset b in sign(w·x + b) (default false: hyperplanes through the origin). */
  bias?: boolean;
}

/** Answer of {@link separability}. */
export interface Separability {
  /** Whether some hyperplane separates the two labels strictly. */
  separable: boolean;
  /** When separable: weights (and `b`) with label·(w·x + b) > 0 for every point. */
  w?: Float64Array;
  /** Offset of the separating hyperplane (0 without a bias). */
  b?: number;
  /** When not separable: convex weights λ with Σ λ_i y_i [x_i; 1] = 0 (a Farkas witness). */
  lambda?: Float64Array;
}

/**
 * Decides whether `n` points of dimension `dim` (row-major in `x`) with labels ±1 are
 * strictly linearly separable.
 *
 * @example
 * ```ts
 * import { separability } from "@prevision/prevision/analysis";
 * const x = new Float64Array([1, 0, 0, 1, -1, 0, 0, -1]);
 * separability(x, [1, 1, -1, -1], 2).separable; // true
 * separability(x, [1, -1, 1, -1], 2).separable; // false (XOR-like through the origin)
 * ```
 */
export function separability(
  x: ArrayLike<number>,
  labels: ArrayLike<number>,
  dim: number,
  options: SeparabilityOptions = {},
): Separability {
  const n = labels.length;
  if (x.length !== n * dim) {
    throw new InputError(`separability: ${x.length} values are not ${n} points of ${dim} dims`);
  }
  const d = dim + (options.bias ? 1 : 0);
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y !== 1 && y !== -1) throw new InputError(`separability: labels must be ±1, got ${y}`);
    for (let k = 0; k < dim; k++) z[i * d + k] = y * x[i * dim + k];
    if (options.bias) z[i * d + dim] = y;
  }
  const hull = originInHull(z, n, d);
  if (hull.inHull) return { separable: false, lambda: hull.lambda };
  const w = hull.w!.slice(0, dim);
  return { separable: true, w, b: options.bias ? hull.w![dim] : 0 };
}
