/**
 * Participation-ratio dimension of a point cloud: PR = (Σ λ)² / Σ λ², λ the eigenvalues of
 * the covariance (Gao & Ganguli 2015; used by Ligeralde et al. 2023 beside capacity). It is
 * k for variance spread evenly over k orthogonal directions and 1 for a single direction.
 */
import { InputError } from "../../util/errors.ts";

/**
 * The participation ratio of `n` points of dimension `dim` (row-major in `x`), from the trace
 * of the covariance and of its square, computed on the smaller of the n×n Gram matrix and
 * the dim×dim covariance (the two share their non-zero eigenvalues). 0 for a single point.
 *
 * @example
 * ```ts
 * import { participationRatio } from "@prevision/prevision/analysis";
 * // ±1 along three axes of 4-d space: variance spread evenly over 3 directions.
 * const x = [1, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, -1, 0];
 * participationRatio(x, 6, 4); // 3
 * ```
 */
export function participationRatio(x: ArrayLike<number>, n: number, dim: number): number {
  if (n < 1 || dim < 1 || x.length !== n * dim) {
    throw new InputError(`participation ratio: ${x.length} values are not ${n} points of ${dim}`);
  }
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k] += x[i * dim + k] / n;
  const c = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dim; k++) c[i * dim + k] = x[i * dim + k] - mean[k];
  }
  // tr(C) and tr(C²) up to a common factor 1/n, which cancels in the ratio.
  let trace = 0;
  let traceSq = 0;
  if (n <= dim) {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let g = 0;
        for (let k = 0; k < dim; k++) g += c[i * dim + k] * c[j * dim + k];
        if (i === j) trace += g;
        traceSq += (i === j ? 1 : 2) * g * g;
      }
    }
  } else {
    for (let a = 0; a < dim; a++) {
      for (let b = a; b < dim; b++) {
        let g = 0;
        for (let i = 0; i < n; i++) g += c[i * dim + a] * c[i * dim + b];
        if (a === b) trace += g;
        traceSq += (a === b ? 1 : 2) * g * g;
      }
    }
  }
  return traceSq > 0 ? (trace * trace) / traceSq : 0;
}
