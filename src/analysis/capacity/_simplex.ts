/**
 * Exact convex-hull membership of the origin by a phase-1 simplex: is there λ ≥ 0 with
 * Σ λ_j z_j = 0 and Σ λ_j = 1? By the separating-hyperplane theorem this fails exactly when
 * some w has w·z_j > 0 for every j, and the final simplex multipliers give that w.
 */

/** Result of {@link originInHull}. */
export interface HullResult {
  /** True when the origin lies in the convex hull (then `lambda` is a witness). */
  inHull: boolean;
  /** Convex weights with Σ λ_j z_j ≈ 0 (when inHull). */
  lambda?: Float64Array;
  /** A direction with w·z_j > 0 for all j (when not inHull). */
  w?: Float64Array;
  /** Simplex pivots taken. */
  pivots: number;
}

const TOL = 1e-9;

/**
 * `z` holds `n` vectors of dimension `d`, vector j at z[j*d .. j*d+d). The vectors are
 * normalised internally (containment of the origin is scale-invariant per vector).
 */
export function originInHull(z: Float64Array, n: number, d: number): HullResult {
  // The right-hand side (0,…,0,1) makes almost every pivot degenerate, and degenerate simplex
  // runs crawl. Solve with a tiny perturbed right-hand side first; accept a "separable" answer
  // only when its certificate separates the unperturbed points, and fall back to the exact,
  // unperturbed (Bland-protected) solve when it does not.
  const quick = solve(z, n, d, true);
  if (quick.inHull || quick.w) return quick;
  return solve(z, n, d, false);
}

function solve(z: Float64Array, n: number, d: number, perturb: boolean): HullResult {
  const rows = d + 1;
  const cols = n + rows; // structural λ_j, then one artificial per row
  const width = cols + 2; // + right-hand side (perturbed), + the exact right-hand side
  const t = new Float64Array(rows * width);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let r = 0; r < d; r++) norm += z[j * d + r] ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) return { inHull: true, lambda: unit(n, j), pivots: 0 };
    for (let r = 0; r < d; r++) t[r * width + j] = z[j * d + r] / norm;
    t[d * width + j] = 1;
  }
  for (let r = 0; r < rows; r++) t[r * width + n + r] = 1;
  t[d * width + cols] = 1; // Σλ = 1; the other right-hand sides are 0
  t[d * width + cols + 1] = 1;
  if (perturb) {
    for (let r = 0; r < d; r++) t[r * width + cols] = 1e-7 * (1 + ((r * 7919) % 97) / 97);
  }
  // Phase-1 cost row: minimise Σ artificials → reduced costs of structurals are −Σ_r A_rj.
  const cost = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < n; c++) cost[c] -= t[r * width + c];
    cost[cols] -= t[r * width + cols];
  }
  const basis = Int32Array.from({ length: rows }, (_, r) => n + r);
  let pivots = 0;
  let degenerate = 0;
  const maxPivots = 50 * (rows + n);
  while (pivots < maxPivots) {
    // Dantzig's rule, switching to Bland's (which cannot cycle) after a run of degenerate pivots.
    const bland = degenerate > rows;
    let enter = -1;
    let best = -TOL;
    for (let c = 0; c < cols; c++) {
      if (cost[c] < best) {
        enter = c;
        if (bland) break;
        best = cost[c];
      }
    }
    if (enter < 0) break;
    let leave = -1;
    let ratio = Infinity;
    for (let r = 0; r < rows; r++) {
      const a = t[r * width + enter];
      if (a > TOL) {
        const q = t[r * width + cols] / a;
        if (q < ratio - 1e-12 || (Math.abs(q - ratio) <= 1e-12 && basis[r] < basis[leave])) {
          ratio = q;
          leave = r;
        }
      }
    }
    if (leave < 0) break; // unbounded cannot happen in phase 1 (objective ≥ 0); stop safely
    degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
    pivot(t, cost, rows, width, leave, enter);
    basis[leave] = enter;
    pivots++;
  }
  const objective = -cost[cols];
  if (objective <= (perturb ? 1e-12 : 1e-7)) {
    const lambda = new Float64Array(n);
    let sum = 0;
    // The same basis evaluated at the exact right-hand side gives the exact witness.
    let exact = true;
    for (let r = 0; r < rows; r++) {
      const value = t[r * width + cols + 1];
      if (basis[r] < n) {
        if (value < -1e-9) exact = false;
        lambda[basis[r]] = Math.max(0, value);
        sum += lambda[basis[r]];
      } else if (Math.abs(value) > 1e-9) exact = false;
    }
    if (!exact && perturb) return { inHull: false, pivots };
    if (sum > 0) { for (let j = 0; j < n; j++) lambda[j] /= sum; }
    return { inHull: true, lambda, pivots };
  }
  // Simplex multipliers π_r = c_r − reduced cost of artificial r (c_r = 1). At optimality
  // π·[ẑ_j; 1] ≤ 0 for every j and π_last = objective > 0, so w = −π_{0..d−1} separates.
  const w = new Float64Array(d);
  for (let r = 0; r < d; r++) w[r] = -(1 - cost[n + r]);
  if (perturb && !separates(w, z, n, d)) return { inHull: false, pivots };
  return { inHull: false, w, pivots };
}

/** Whether w·z_j > 0 for every vector, with a relative margin above rounding error. */
function separates(w: Float64Array, z: Float64Array, n: number, d: number): boolean {
  let wn = 0;
  for (let r = 0; r < d; r++) wn += w[r] * w[r];
  wn = Math.sqrt(wn);
  if (!(wn > 0)) return false;
  for (let j = 0; j < n; j++) {
    let s = 0;
    let zn = 0;
    for (let r = 0; r < d; r++) {
      s += w[r] * z[j * d + r];
      zn += z[j * d + r] ** 2;
    }
    if (!(s > 1e-10 * wn * Math.sqrt(zn))) return false;
  }
  return true;
}

function unit(n: number, j: number): Float64Array {
  const v = new Float64Array(n);
  v[j] = 1;
  return v;
}

function pivot(
  t: Float64Array,
  cost: Float64Array,
  rows: number,
  width: number,
  leave: number,
  enter: number,
): void {
  const p = leave * width;
  const inv = 1 / t[p + enter];
  for (let c = 0; c < width; c++) t[p + c] *= inv;
  for (let r = 0; r < rows; r++) {
    if (r === leave) continue;
    const f = t[r * width + enter];
    if (f === 0) continue;
    const o = r * width;
    for (let c = 0; c < width; c++) t[o + c] -= f * t[p + c];
    t[o + enter] = 0;
  }
  const f = cost[enter];
  if (f !== 0) {
    for (let c = 0; c < width; c++) cost[c] -= f * t[p + c];
    cost[enter] = 0;
  }
}
