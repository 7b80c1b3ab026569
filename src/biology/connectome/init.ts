/**
 * Recurrent-weight initialisations and spatial cost matrices of Shakiba et al. 2026:
 * the bio initialisation W*, its node-permuted control W!, orthogonal (Keras `Orthogonal`)
 * for the non-bio variants, real-position distances D* and integer-grid distances D.
 * All matrices are row-major n×n Float64Arrays.
 */
import { Rng } from "../../util/rng.ts";
import { InputError } from "../../util/errors.ts";
import type { Connectome } from "./types.ts";

/** (x − min) / (max − min) over the whole matrix; all ones when constant (as the paper). */
export function minMax(x: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  const out = new Float64Array(x.length);
  if (hi === lo) return out.fill(1);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - lo) / (hi - lo);
  return out;
}

/** Copies the lower triangle onto the upper one (the paper's STTC symmetrisation). */
export function symmetriseLower(x: ArrayLike<number>, n: number): Float64Array {
  const out = Float64Array.from(x);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}

/**
 * Spectral radius of a non-negative matrix (its Perron root), by power iteration with
 * Collatz–Wielandt bounds, which bracket the root at every step.
 */
export function perronRoot(w: ArrayLike<number>, n: number, tol = 1e-10): number {
  let x = new Float64Array(n).fill(1);
  let lo = 0;
  let hi = Infinity;
  for (let it = 0; it < 10000 && (it === 0 || hi - lo > tol * Math.max(hi, 1e-300)); it++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[i * n + j] * x[j];
      y[i] = s;
    }
    lo = Infinity;
    hi = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] > 0 ? y[i] / x[i] : 0;
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
      norm = Math.max(norm, y[i]);
    }
    if (norm === 0) return 0;
    // A small positive floor keeps reducible matrices from trapping zeros in x.
    x = y.map((v) => v / norm + 1e-300);
  }
  return (lo + hi) / 2;
}

/** The functional similarity F = minmax(Corr) ⊙ minmax(STTC symmetrised) of a connectome. */
export function functionalSimilarity(c: Connectome): Float64Array {
  if (c.corr && c.sttc) {
    const a = minMax(c.corr);
    const b = minMax(symmetriseLower(c.sttc, c.n));
    return a.map((v, i) => v * b[i]);
  }
  // Without functional data (e.g. a bare synapse table) the symmetrised wiring stands in.
  const n = c.n;
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) s[i * n + j] = c.adjacency[i * n + j] + c.adjacency[j * n + i];
  }
  return minMax(s);
}

/**
 * W*: LogNormal(−0.5, 0.5) ⊙ F, rescaled to mean 0.1, non-zero entries floored at 0.01,
 * scaled to spectral radius 0.95.
 *
 * @example
 * ```ts
 * import { bioWeights, syntheticConnectome } from "@prevision/prevision/biology";
 * const c = syntheticConnectome({ n: 60, seed: 1 });
 * const w = bioWeights(c, 7); // 60×60, spectral radius 0.95
 * ```
 */
export function bioWeights(c: Connectome, seed: number): Float64Array {
  const f = functionalSimilarity(c);
  const rng = new Rng(seed, 0xb10);
  const w = f.map((v) => Math.exp(-0.5 + 0.5 * rng.normal()) * v);
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const k = mean > 0 ? 0.1 / mean : 1;
  for (let i = 0; i < w.length; i++) {
    w[i] *= k;
    if (w[i] !== 0 && w[i] < 0.01) w[i] = 0.01;
  }
  const rho = perronRoot(w, c.n);
  if (rho > 0) { for (let i = 0; i < w.length; i++) w[i] *= 0.95 / rho; }
  return w;
}

/**
 * W!: the same matrix with one random permutation applied to rows and columns.
 *
 * @example
 * ```ts
 * import { bioWeights, permuteNodes, syntheticConnectome } from "@prevision/prevision/biology";
 * const c = syntheticConnectome({ n: 40 });
 * const shuffled = permuteNodes(bioWeights(c, 1), 40, 2);
 * ```
 */
export function permuteNodes(w: ArrayLike<number>, n: number, seed: number): Float64Array {
  const p = new Rng(seed, 0x9e7).permutation(n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = w[p[i] * n + p[j]];
  return out;
}

/**
 * A random orthogonal matrix (Keras `Orthogonal`: QR of a Gaussian matrix with the signs
 * fixed so R has a positive diagonal), by modified Gram–Schmidt in float64.
 *
 * @example
 * ```ts
 * import { orthogonal } from "@prevision/prevision/biology";
 * const q = orthogonal(312, 1); // 312×312 row-major, qᵀq = I
 * ```
 */
export function orthogonal(n: number, seed: number): Float64Array {
  const rng = new Rng(seed, 0x0a7);
  // Work on columns: q[j] is column j.
  const q: Float64Array[] = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[j][i] = rng.normal();
  for (let j = 0; j < n; j++) {
    const v = q[j];
    for (let k = 0; k < j; k++) {
      const u = q[k];
      let d = 0;
      for (let i = 0; i < n; i++) d += u[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= d * u[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] /= norm;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = q[j][i];
  return out;
}

/** Euclidean distances between points (n×3 row-major). */
export function distances(points: ArrayLike<number>, n: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = points[i * 3] - points[j * 3];
      const dy = points[i * 3 + 1] - points[j * 3 + 1];
      const dz = points[i * 3 + 2] - points[j * 3 + 2];
      d[i * n + j] = d[j * n + i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return d;
}

/**
 * D*: distances after min–max normalising each axis of the positions independently.
 *
 * @example
 * ```ts
 * import { loadMicronsField, spatialDistances } from "@prevision/prevision/biology";
 * const c = loadMicronsField("../shared/data/microns/6_6_2");
 * const dStar = spatialDistances(c.positions, c.n);
 * ```
 */
export function spatialDistances(positions: ArrayLike<number>, n: number): Float64Array {
  const p = new Float64Array(n * 3);
  for (let k = 0; k < 3; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, positions[i * 3 + k]);
      hi = Math.max(hi, positions[i * 3 + k]);
    }
    for (let i = 0; i < n; i++) {
      p[i * 3 + k] = hi > lo ? (positions[i * 3 + k] - lo) / (hi - lo) : 0;
    }
  }
  return distances(p, n);
}

/**
 * D: distances on an integer grid, neurons laid out as numpy's `meshgrid(x, y, z)` ravels
 * them (the order the seRNN code uses).
 *
 * @example
 * ```ts
 * import { gridDistances } from "@prevision/prevision/biology";
 * const d = gridDistances([12, 13, 2]); // 312×312, the 6_6_2 control
 * ```
 */
export function gridDistances(grid: readonly [number, number, number]): Float64Array {
  const [a, b, c] = grid;
  const n = a * b * c;
  const p = new Float64Array(n * 3);
  for (let iy = 0; iy < b; iy++) {
    for (let ix = 0; ix < a; ix++) {
      for (let iz = 0; iz < c; iz++) {
        const i = (iy * a + ix) * c + iz;
        p[i * 3] = ix;
        p[i * 3 + 1] = iy;
        p[i * 3 + 2] = iz;
      }
    }
  }
  return distances(p, n);
}

/** The most cube-like a × b × c = n factorisation (used when the data name no grid). */
export function defaultGrid(n: number): [number, number, number] {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`grid: bad neuron count ${n}`);
  let best: [number, number, number] = [n, 1, 1];
  let score = Infinity;
  for (let a = 1; a <= n; a++) {
    if (n % a) continue;
    for (let b = 1; b <= n / a; b++) {
      if ((n / a) % b) continue;
      const c = n / a / b;
      const s = Math.max(a, b, c) / Math.min(a, b, c);
      if (s < score) {
        score = s;
        best = [a, b, c].sort((x, y) => y - x) as [number, number, number];
      }
    }
  }
  return best;
}

/** Parses `AxBxC` into a grid for `n` neurons; InputError when the product differs. */
export function parseGrid(text: string, n: number): [number, number, number] {
  const parts = text.split(/[x×,]/).map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new InputError(`--grid must look like 12x13x2, got '${text}'`);
  }
  if (parts[0] * parts[1] * parts[2] !== n) {
    throw new InputError(
      `--grid ${text} holds ${parts[0] * parts[1] * parts[2]} neurons, the connectome has ${n}`,
    );
  }
  return parts as [number, number, number];
}
