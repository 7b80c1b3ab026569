/**
 * A set of point-cloud manifolds: `count` manifolds of `points` points each in `dim`
 * dimensions (e.g. 50 images × 20 translations, or 10 classes × 20 images).
 */
import { InputError } from "../../util/errors.ts";

/** Point-cloud manifolds, manifold-major: point j of manifold i at ((i·points + j)·dim). */
export interface Manifolds {
  /** Number of manifolds P. */
  count: number;
  /** Points per manifold. */
  points: number;
  /** Dimension of every point. */
  dim: number;
  /** count·points·dim values. */
  data: Float64Array;
}

/**
 * Builds {@link Manifolds} from a flat array, checking sizes.
 *
 * @example
 * ```ts
 * import { makeManifolds } from "@prevision/prevision/analysis";
 * const m = makeManifolds(new Float64Array(2 * 3 * 4), 2, 3, 4); // 2 manifolds of 3 points in 4-d
 * ```
 */
export function makeManifolds(
  data: ArrayLike<number>,
  count: number,
  points: number,
  dim: number,
): Manifolds {
  if (count < 2 || points < 1 || dim < 1) {
    throw new InputError(`manifolds: need ≥2 manifolds of ≥1 point in ≥1 dims`);
  }
  if (data.length !== count * points * dim) {
    throw new InputError(
      `manifolds: ${data.length} values are not ${count}×${points} points of ${dim} dims`,
    );
  }
  const out = Float64Array.from(data);
  if (out.some((v) => !Number.isFinite(v))) throw new InputError("manifolds: non-finite values");
  return { count, points, dim, data: out };
}

/** Subtracts the mean over all points of all manifolds (the global origin). */
export function centreGlobally(m: Manifolds): Manifolds {
  const n = m.count * m.points;
  const mean = new Float64Array(m.dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < m.dim; k++) mean[k] += m.data[i * m.dim + k];
  for (let k = 0; k < m.dim; k++) mean[k] /= n;
  const data = new Float64Array(m.data.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m.dim; k++) data[i * m.dim + k] = m.data[i * m.dim + k] - mean[k];
  }
  return { ...m, data };
}
