/**
 * Matrix exponential in float64 JavaScript: Padé [13/13] with scaling and squaring
 * (Higham 2005, "The scaling and squaring method for the matrix exponential revisited").
 * The reference for the float32 tfjs {@link expm} and what the empirical communicability of
 * a connectome is computed with (once per run, not per step).
 */

/** Row-major n×n product c = a b (float64). */
export function matmul64(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

/** Induced 1-norm (largest absolute column sum) of a row-major n×n matrix. */
export function norm1(a: ArrayLike<number>, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    if (s > best) best = s;
  }
  return best;
}

/** Solves q x = p for x (n×n each) by LU with partial pivoting; q and p are not modified. */
export function solve64(q: Float64Array, p: Float64Array, n: number): Float64Array {
  const lu = q.slice();
  const x = p.slice();
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (best === 0) throw new RangeError("solve64: singular matrix");
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        let t = lu[k * n + j];
        lu[k * n + j] = lu[piv * n + j];
        lu[piv * n + j] = t;
        t = x[k * n + j];
        x[k * n + j] = x[piv * n + j];
        x[piv * n + j] = t;
      }
    }
    const inv = 1 / lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k] * inv;
      if (f === 0) continue;
      lu[i * n + k] = f;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
      for (let j = 0; j < n; j++) x[i * n + j] -= f * x[k * n + j];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const inv = 1 / lu[k * n + k];
    for (let j = 0; j < n; j++) x[k * n + j] *= inv;
    for (let i = 0; i < k; i++) {
      const f = lu[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) x[i * n + j] -= f * x[k * n + j];
    }
  }
  return x;
}

const B13 = [
  64764752532480000,
  32382376266240000,
  7771770303897600,
  1187353796428800,
  129060195264000,
  10559470521600,
  670442572800,
  33522128640,
  1323241920,
  40840800,
  960960,
  16380,
  182,
  1,
];
const THETA13 = 5.371920351148152;

/**
 * e^A for a row-major n×n float64 matrix (Padé 13, scaling and squaring).
 *
 * @example
 * ```ts
 * import { expm64 } from "@prevision/prevision/linalg";
 * const e = expm64(new Float64Array([0, 1, -1, 0]), 2); // rotation by 1 rad
 * console.log(e[0], Math.cos(1)); // equal to ~1e-15
 * ```
 */
export function expm64(a: ArrayLike<number>, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`expm64: expected ${n * n} values, got ${a.length}`);
  const norm = norm1(a, n);
  if (!Number.isFinite(norm)) throw new RangeError("expm64: matrix has non-finite entries");
  const s = norm > THETA13 ? Math.ceil(Math.log2(norm / THETA13)) : 0;
  const scale = 2 ** -s;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = a[i] * scale;
  const A2 = matmul64(A, A, n);
  const A4 = matmul64(A2, A2, n);
  const A6 = matmul64(A4, A2, n);
  const b = B13;
  const u1 = new Float64Array(n * n);
  const u2 = new Float64Array(n * n);
  const v1 = new Float64Array(n * n);
  const v2 = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    u1[i] = b[13] * A6[i] + b[11] * A4[i] + b[9] * A2[i];
    v1[i] = b[12] * A6[i] + b[10] * A4[i] + b[8] * A2[i];
    u2[i] = b[7] * A6[i] + b[5] * A4[i] + b[3] * A2[i];
    v2[i] = b[6] * A6[i] + b[4] * A4[i] + b[2] * A2[i];
  }
  for (let i = 0; i < n; i++) {
    u2[i * n + i] += b[1];
    v2[i * n + i] += b[0];
  }
  const inner = matmul64(A6, u1, n);
  for (let i = 0; i < n * n; i++) inner[i] += u2[i];
  const U = matmul64(A, inner, n);
  const V = matmul64(A6, v1, n);
  for (let i = 0; i < n * n; i++) V[i] += v2[i];
  const P = new Float64Array(n * n);
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    P[i] = V[i] + U[i];
    Q[i] = V[i] - U[i];
  }
  let R: Float64Array = solve64(Q, P, n);
  for (let k = 0; k < s; k++) R = matmul64(R, R, n);
  return R;
}

/**
 * e^A by a scaled Taylor series in float64: A is scaled by 2^−s until its 1-norm is ≤ 1/2,
 * summed until the terms stop changing the result, and squared back. An independent
 * reference for {@link expm64} (slower, simpler).
 *
 * @example
 * ```ts
 * import { expmTaylor64 } from "@prevision/prevision/linalg";
 * expmTaylor64(new Float64Array([1]), 1)[0]; // Math.E
 * ```
 */
export function expmTaylor64(a: ArrayLike<number>, n: number): Float64Array {
  const norm = norm1(a, n);
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = 2 ** -s;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = a[i] * scale;
  let R: Float64Array = new Float64Array(n * n);
  let term: Float64Array = new Float64Array(n * n);
  for (let i = 0; i < n; i++) R[i * n + i] = term[i * n + i] = 1;
  for (let k = 1; k < 60; k++) {
    term = matmul64(term, A, n);
    let big = 0;
    for (let i = 0; i < n * n; i++) {
      term[i] /= k;
      R[i] += term[i];
      big = Math.max(big, Math.abs(term[i]));
    }
    if (big < 1e-18) break;
  }
  for (let k = 0; k < s; k++) R = matmul64(R, R, n);
  return R;
}
