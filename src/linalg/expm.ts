/**
 * A differentiable matrix exponential for tfjs (which has none): Padé [5/5] with scaling
 * and squaring in float32 tensor ops, so gradients flow through every product. The Padé
 * denominator Q is inverted by Newton–Schulz iteration (products only, so it runs on every
 * backend), started from I + A/2 + (1/4 − c₂)A², which agrees with Q⁻¹ up to A³: for
 * ‖A‖₁ ≤ 1.25 the start's residual is below 0.07, so three iterations reach float32
 * precision. The solve has an exact custom gradient (∂(Q⁻¹P) needs Q⁻ᵀ only), so the
 * iteration is not differentiated through. Connectome matrices S^−½|W|S^−½ have ‖A‖₁ ≈ 1.1
 * (measured on MICrONS 6_6_2), so they need no squaring: 10 products forward, 9 backward.
 */
import { tf } from "../backend/tf.ts";
import { mm } from "./matmul.ts";
import { norm1 } from "./expm64.ts";

/** Padé [5/5] coefficients of e^x divided by the constant term. */
const PADE5 = [30240, 15120, 3360, 420, 30, 1].map((c) => c / 30240);
/** Scale A until ‖A‖₁ ≤ THETA: Padé [5/5] error there is ~1e-9, far below float32's 6e-8. */
const THETA = 1.25;
/** Newton–Schulz start X₀ = I + A/2 + START2·A² (matches Q⁻¹ to second order). */
const START2 = 0.25 - PADE5[2];

/** Coefficients of 1 − q(x)·x₀(x), the start's residual as a polynomial in A. */
const RESIDUAL = (() => {
  const q = PADE5.map((c, k) => (k % 2 ? -c : c));
  const x0 = [1, 0.5, START2];
  const r = new Array(q.length + 2).fill(0);
  for (let i = 0; i < q.length; i++) for (let j = 0; j < 3; j++) r[i + j] -= q[i] * x0[j];
  r[0] += 1;
  return r.map(Math.abs);
})();

/** How {@link expm} evaluates e^A: scaling exponent and Newton–Schulz iterations. */
export interface ExpmPlan {
  /** A is divided by 2^squarings, and the result squared that many times. */
  squarings: number;
  /** Newton–Schulz iterations for the Padé denominator. */
  iterations: number;
}

/**
 * The evaluation plan for a matrix with 1-norm `norm`.
 *
 * @example
 * ```ts
 * import { expmPlan } from "@prevision/prevision/linalg";
 * expmPlan(3.2); // { squarings: 2, iterations: 3 }
 * ```
 */
export function expmPlan(norm: number): ExpmPlan {
  if (!Number.isFinite(norm) || norm < 0) throw new RangeError(`expm: bad norm ${norm}`);
  const squarings = norm > THETA ? Math.ceil(Math.log2(norm / THETA)) : 0;
  const x = norm * 2 ** -squarings;
  // ‖I − Q X₀‖₁ ≤ Σ |r_k| x^k bounds the Newton–Schulz residual; it squares each iteration
  // and stops below 2^−26, a quarter of float32 rounding.
  const r = RESIDUAL.reduce((s, c, k) => s + c * x ** k, 0);
  let iterations = 0;
  for (let res = r; res > 2 ** -26; res *= res) iterations++;
  return { squarings, iterations };
}

/** X = Q⁻¹P with the inverse from Newton–Schulz; gradient ∂P = Q⁻ᵀG, ∂Q = −Q⁻ᵀG Xᵀ. */
function padeSolve(iterations: number) {
  const f = (q: tf.Tensor, p: tf.Tensor, start: tf.Tensor, save: tf.GradSaveFunc) => {
    const n = q.shape[0]!;
    const [inv, x] = tf.tidy(() => {
      const twoEye = tf.mul(tf.eye(n), 2);
      let z = start as tf.Tensor2D;
      for (let k = 0; k < iterations; k++) {
        z = tf.matMul(z, tf.sub(twoEye, tf.matMul(q as tf.Tensor2D, z)) as tf.Tensor2D);
      }
      return [z, tf.matMul(z, p as tf.Tensor2D)];
    });
    save([inv, x]);
    return {
      value: x,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sInv, sX] = saved;
        const gp = tf.matMul(tf.transpose(sInv) as tf.Tensor2D, dy as tf.Tensor2D);
        const gq = tf.neg(tf.matMul(gp, tf.transpose(sX) as tf.Tensor2D));
        // The start only speeds the iteration up; the solution does not depend on it.
        return [gq, gp, tf.zerosLike(gp)];
      },
    };
  };
  return tf.customGrad(f as unknown as CustomGradFunc) as (
    q: tf.Tensor2D,
    p: tf.Tensor2D,
    start: tf.Tensor2D,
  ) => tf.Tensor2D;
}

type CustomGradFunc = Parameters<typeof tf.customGrad>[0];

/**
 * e^A of a square float32 tensor, differentiable. Without a plan, the 1-norm is read from
 * the tensor synchronously (CPU/WASM); on WebGPU, or inside a hot loop, compute the norm
 * yourself and pass `expmPlan(norm)`.
 *
 * @example
 * ```ts
 * import { expm } from "@prevision/prevision/linalg";
 * import { tf } from "@prevision/prevision";
 * const e = expm(tf.tensor2d([[0, 1], [0, 0]])); // [[1, 1], [0, 1]]
 * ```
 */
export function expm(a: tf.Tensor2D, plan?: ExpmPlan): tf.Tensor2D {
  const [n, m] = a.shape;
  if (n !== m) throw new RangeError(`expm: matrix must be square, got [${a.shape}]`);
  const p = plan ?? expmPlan(norm1(a.dataSync(), n));
  return tf.tidy(() => {
    const c = PADE5;
    const x = p.squarings > 0 ? tf.mul(a, 2 ** -p.squarings) as tf.Tensor2D : a;
    const eye = tf.eye(n);
    const x2 = mm(x, x);
    const x4 = mm(x2, x2);
    const odd = tf.addN([tf.mul(x4, c[5]), tf.mul(x2, c[3]), tf.mul(eye, c[1])]) as tf.Tensor2D;
    const u = mm(x, odd);
    const v = tf.addN([tf.mul(x4, c[4]), tf.mul(x2, c[2]), eye]) as tf.Tensor2D;
    const start = tf.addN([eye, tf.mul(x, 0.5), tf.mul(x2, START2)]) as tf.Tensor2D;
    let r = padeSolve(p.iterations)(tf.sub(v, u), tf.add(v, u), start);
    for (let k = 0; k < p.squarings; k++) r = mm(r, r);
    return r;
  });
}
