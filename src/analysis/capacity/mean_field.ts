/**
 * Mean-field manifold capacity (Chung, Lee & Sompolinsky 2018, PRX 8:031003), with the
 * manifold radius R_M and dimension D_M from the anchor points and the centre correlation
 * of Cohen et al. 2020. Each manifold is centred on the global mean, scaled by its centre's
 * norm, reduced to the span of its points, and α_M⁻¹ = ⟨F(T)⟩ over Gaussian T with
 * F(T) = min ‖V − T‖² s.t. V·S̃ ≤ −κ for every point S̃ = (s, 1): a small QP solved to
 * convergence by coordinate descent on its dual. The low-rank centre-structure removal of
 * Cohen et al. is not applied (their `fun_FA` step); centres enter as they are.
 */
import { centreGlobally, type Manifolds } from "./manifolds.ts";
import { Rng } from "../../util/rng.ts";

/** Options of {@link meanFieldCapacity}. */
export interface MeanFieldOptions {
  /** Gaussian samples T per manifold (default 200). */
  samples?: number;
  /** Margin κ (default 0). */
  kappa?: number;
  /** Seed of the Gaussian samples. */
  seed?: number;
}

/** Result of {@link meanFieldCapacity}. */
export interface MeanFieldCapacity {
  /** 1 / mean over manifolds of 1/α_M. */
  alpha: number;
  /** Mean manifold radius R_M (relative to the centre norm). */
  radius: number;
  /** Mean manifold dimension D_M. */
  dimension: number;
  /** Mean |cosine| between pairs of manifold centres (after removing their mean). */
  centreCorrelation: number;
  /** The estimate of every manifold. */
  perManifold: { alpha: number; radius: number; dimension: number }[];
}

/**
 * Mean-field capacity, radius, dimension and centre correlation of point-cloud manifolds.
 *
 * @example
 * ```ts
 * import { makeManifolds, meanFieldCapacity } from "@prevision/prevision/analysis";
 * import { Rng } from "@prevision/prevision";
 * const rng = new Rng(2);
 * const data = Float64Array.from({ length: 20 * 10 * 100 }, () => rng.normal());
 * const res = meanFieldCapacity(makeManifolds(data, 20, 10, 100));
 * console.log(res.alpha, res.radius, res.dimension);
 * ```
 */
export function meanFieldCapacity(
  manifolds: Manifolds,
  options: MeanFieldOptions = {},
): MeanFieldCapacity {
  const samples = options.samples ?? 200;
  const kappa = options.kappa ?? 0;
  const seed = options.seed ?? 0;
  const m = centreGlobally(manifolds);
  const { count, points, dim } = m;
  const centres: Float64Array[] = [];
  const perManifold = [];
  for (let i = 0; i < count; i++) {
    const centre = new Float64Array(dim);
    for (let j = 0; j < points; j++) {
      for (let k = 0; k < dim; k++) centre[k] += m.data[(i * points + j) * dim + k] / points;
    }
    centres.push(centre);
    const norm = Math.sqrt(centre.reduce((a, v) => a + v * v, 0));
    const rows: Float64Array[] = [];
    for (let j = 0; j < points; j++) {
      const row = new Float64Array(dim);
      for (let k = 0; k < dim; k++) {
        row[k] = (m.data[(i * points + j) * dim + k] - centre[k]) / (norm || 1);
      }
      rows.push(row);
    }
    perManifold.push(analyseManifold(reduceToSpan(rows), kappa, samples, new Rng(seed, i)));
  }
  const invAlpha = perManifold.reduce((a, p) => a + 1 / p.alpha, 0) / count;
  return {
    alpha: 1 / invAlpha,
    radius: perManifold.reduce((a, p) => a + p.radius, 0) / count,
    dimension: perManifold.reduce((a, p) => a + p.dimension, 0) / count,
    centreCorrelation: centreCorrelation(centres),
    perManifold,
  };
}

/** Coordinates of `rows` in an orthonormal basis of their span (modified Gram–Schmidt). */
function reduceToSpan(rows: Float64Array[]): Float64Array[] {
  const basis: Float64Array[] = [];
  const scale = Math.max(1e-300, ...rows.map((r) => Math.sqrt(r.reduce((a, v) => a + v * v, 0))));
  for (const row of rows) {
    const v = row.slice();
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let dot = 0;
        for (let k = 0; k < v.length; k++) dot += v[k] * b[k];
        for (let k = 0; k < v.length; k++) v[k] -= dot * b[k];
      }
    }
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    if (norm > 1e-10 * scale) basis.push(v.map((x) => x / norm));
  }
  return rows.map((row) =>
    Float64Array.from(basis, (b) => {
      let dot = 0;
      for (let k = 0; k < row.length; k++) dot += row[k] * b[k];
      return dot;
    })
  );
}

function analyseManifold(
  coords: Float64Array[],
  kappa: number,
  samples: number,
  rng: Rng,
): { alpha: number; radius: number; dimension: number } {
  const m = coords.length;
  const r = coords[0].length;
  const d1 = r + 1;
  // Points S̃_j = (s_j, 1).
  const s = coords.map((c) => Float64Array.from([...c, 1]));
  const anchors: Float64Array[] = [];
  const ts: Float64Array[] = [];
  let sumF = 0;
  const h = new Float64Array(m);
  for (let n = 0; n < samples; n++) {
    const t = Float64Array.from({ length: d1 }, () => rng.normal());
    ts.push(t);
    let best = 0;
    let bestVal = -Infinity;
    for (let j = 0; j < m; j++) {
      let dot = 0;
      for (let k = 0; k < d1; k++) dot += t[k] * s[j][k];
      h[j] = dot + kappa;
      if (dot > bestVal) {
        bestVal = dot;
        best = j;
      }
    }
    if (bestVal + kappa < 0) {
      anchors.push(s[best]); // T already satisfies every constraint: F = 0
      continue;
    }
    // With S̃ = (s, 1), the dual QP min ½‖Sα‖² − (Sᵀt + κ1)ᵀα is the NNLS problem
    // min ‖Sα − (t + κ e_last)‖ over α ≥ 0; V = T − Sα and F = ‖Sα‖².
    const target = t.slice();
    target[r] += kappa;
    const alpha = nnls(s, target);
    const sa = new Float64Array(d1);
    let total = 0;
    for (let j = 0; j < m; j++) {
      if (alpha[j] === 0) continue;
      total += alpha[j];
      for (let k = 0; k < d1; k++) sa[k] += alpha[j] * s[j][k];
    }
    sumF += sa.reduce((a, v) => a + v * v, 0);
    anchors.push(total > 0 ? sa.map((v) => v / total) : s[best]);
  }
  const meanF = sumF / samples;
  // R_M: spread of the anchor points around their mean (the centre coordinate is 1).
  const meanAnchor = new Float64Array(r);
  for (const a of anchors) for (let k = 0; k < r; k++) meanAnchor[k] += a[k] / samples;
  let spread = 0;
  let cosSum = 0;
  for (let n = 0; n < samples; n++) {
    const a = anchors[n];
    let tn = 0;
    let an = 0;
    let dot = 0;
    for (let k = 0; k < r; k++) {
      spread += (a[k] / a[r] - meanAnchor[k]) ** 2 / samples;
      tn += ts[n][k] ** 2;
      an += a[k] ** 2;
      dot += ts[n][k] * a[k];
    }
    if (tn > 0 && an > 0) cosSum += dot / Math.sqrt(tn * an);
  }
  return {
    alpha: meanF > 0 ? 1 / meanF : Infinity,
    radius: Math.sqrt(spread),
    dimension: r * (cosSum / samples) ** 2,
  };
}

/**
 * Lawson–Hanson non-negative least squares, min ‖Aα − b‖ over α ≥ 0, with A given by its
 * columns (each of length `rows`). Finite and exact up to rounding: the passive set only
 * gains a column whose gradient component is positive, and a least-squares solve on the
 * passive set (normal equations, tiny ridge against rank deficiency) moves α along a
 * feasible segment each inner step.
 */
export function nnls(columns: Float64Array[], b: Float64Array): Float64Array {
  const m = columns.length;
  const rows = b.length;
  const x = new Float64Array(m);
  const passive = new Uint8Array(m);
  const residual = b.slice();
  const dot = (u: Float64Array, v: Float64Array) => {
    let s = 0;
    for (let k = 0; k < rows; k++) s += u[k] * v[k];
    return s;
  };
  const scale = Math.max(1e-300, ...columns.map((c) => dot(c, c))) * Math.max(1, dot(b, b));
  const tol = 1e-12 * Math.sqrt(scale);
  for (let outer = 0; outer < 10 * m + 10; outer++) {
    let best = -1;
    let bestW = tol;
    for (let j = 0; j < m; j++) {
      if (passive[j]) continue;
      const w = dot(columns[j], residual);
      if (w > bestW) {
        bestW = w;
        best = j;
      }
    }
    if (best < 0) break;
    passive[best] = 1;
    for (let inner = 0; inner < 10 * m + 10; inner++) {
      const idx = [...passive.keys()].filter((j) => passive[j]);
      const z = leastSquares(idx.map((j) => columns[j]), b, dot);
      if (z.every((v) => v > 0)) {
        idx.forEach((j, k) => (x[j] = z[k]));
        break;
      }
      let step = 1;
      idx.forEach((j, k) => {
        if (z[k] <= 0) step = Math.min(step, x[j] / (x[j] - z[k]));
      });
      idx.forEach((j, k) => {
        x[j] += step * (z[k] - x[j]);
        if (x[j] <= 1e-15) {
          x[j] = 0;
          passive[j] = 0;
        }
      });
    }
    residual.set(b);
    for (let j = 0; j < m; j++) {
      if (x[j] !== 0) { for (let k = 0; k < rows; k++) residual[k] -= x[j] * columns[j][k]; }
    }
  }
  return x;
}

function leastSquares(
  cols: Float64Array[],
  b: Float64Array,
  dot: (u: Float64Array, v: Float64Array) => number,
): Float64Array {
  const p = cols.length;
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  let trace = 0;
  for (let i = 0; i < p; i++) {
    rhs[i] = dot(cols[i], b);
    for (let j = 0; j <= i; j++) a[i * p + j] = a[j * p + i] = dot(cols[i], cols[j]);
    trace += a[i * p + i];
  }
  for (let i = 0; i < p; i++) a[i * p + i] += 1e-13 * trace;
  // Cholesky solve.
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * p + j];
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
    y[i] = s / l[i * p + i];
  }
  const z = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * z[k];
    z[i] = s / l[i * p + i];
  }
  return z;
}

/** Mean |cosine| between pairs of centres after subtracting the mean centre. */
export function centreCorrelation(centres: Float64Array[]): number {
  const p = centres.length;
  const dim = centres[0].length;
  const mean = new Float64Array(dim);
  for (const c of centres) for (let k = 0; k < dim; k++) mean[k] += c[k] / p;
  const x = centres.map((c) => {
    const v = c.map((val, k) => val - mean[k]);
    const norm = Math.sqrt(v.reduce((a, u) => a + u * u, 0)) || 1;
    return v.map((u) => u / norm);
  });
  let sum = 0;
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += x[a][k] * x[b][k];
      sum += Math.abs(dot);
    }
  }
  return p > 1 ? sum / (p * (p - 1) / 2) : 0;
}
