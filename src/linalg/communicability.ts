/**
 * Weighted communicability (Crofts & Higham 2009), the quantity the seRNN regularisers
 * weight connections by: C = expm(S^−½ |W| S^−½) with S the diagonal of row sums of |W|,
 * and C's diagonal set to zero.
 */
import { tf } from "../backend/tf.ts";
import { expm, type ExpmPlan, expmPlan } from "./expm.ts";
import { expm64, norm1 } from "./expm64.ts";

/**
 * Added to the row sums (an isolated node would divide by zero). Shakiba et al.'s WDC adds
 * none: pass `epsilon = 0` to reproduce it (a zero row then gives NaN, as in their code).
 */
export const COMMUNICABILITY_EPSILON = 1e-10;
const EPS = COMMUNICABILITY_EPSILON;

/**
 * Differentiable communicability of a recurrent weight matrix (float32 tensors).
 *
 * @example
 * ```ts
 * import { communicability } from "@prevision/prevision/linalg";
 * import { tf } from "@prevision/prevision";
 * const c = communicability(tf.tensor2d([[0, 1], [1, 0]])); // [[0, sinh 1], [sinh 1, 0]]
 * ```
 */
export function communicability(
  w: tf.Tensor2D,
  plan?: ExpmPlan,
  epsilon: number = EPS,
): tf.Tensor2D {
  const n = w.shape[0];
  return tf.tidy(() => {
    const a = normalisedAdjacency(w, epsilon);
    const e = expm(a, plan);
    return tf.mul(e, tf.sub(1, tf.eye(n))) as tf.Tensor2D;
  });
}

/** S^−½ |W| S^−½, built by broadcasting (no diagonal products). */
export function normalisedAdjacency(w: tf.Tensor2D, epsilon: number = EPS): tf.Tensor2D {
  return tf.tidy(() => {
    const abs = tf.abs(w);
    const d = tf.rsqrt(tf.add(tf.sum(abs, 1), epsilon));
    return tf.mul(tf.mul(abs, tf.reshape(d, [-1, 1])), tf.reshape(d, [1, -1])) as tf.Tensor2D;
  });
}

/**
 * The expm plan for the current weights (reads one number from the device). Non-finite
 * weights (or a zero row with `epsilon = 0`) get the plan of norm 0: the expm is then NaN, as
 * it is in tf.linalg.expm, and the caller's loss shows it.
 */
export async function communicabilityPlan(
  w: tf.Tensor2D,
  epsilon: number = EPS,
): Promise<ExpmPlan> {
  const normT = tf.tidy(() => tf.max(tf.sum(tf.abs(normalisedAdjacency(w, epsilon)), 0)));
  const norm = (await normT.data())[0];
  normT.dispose();
  return expmPlan(Number.isFinite(norm) ? norm : 0);
}

/**
 * Communicability of a row-major n×n matrix in float64 (for empirical connectomes).
 *
 * @example
 * ```ts
 * import { communicability64 } from "@prevision/prevision/linalg";
 * const c = communicability64(new Float64Array([0, 1, 1, 0]), 2); // [0, sinh 1, sinh 1, 0]
 * ```
 */
export function communicability64(w: ArrayLike<number>, n: number): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(w[i * n + j]);
    d[i] = 1 / Math.sqrt(s === 0 ? EPS : s);
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = d[i] * Math.abs(w[i * n + j]) * d[j];
  }
  const c = expm64(a, n);
  for (let i = 0; i < n; i++) c[i * n + i] = 0;
  return c;
}

export { norm1 };
