/**
 * Simulated manifold capacity (as in Chung et al.'s `manifold_simcap_analysis`): project the
 * manifolds to N random Gaussian dimensions, draw random ±1 labels per manifold, and find
 * the N at which half of the dichotomies are linearly separable (exact LP test); α = P/N.
 */
import { centreGlobally, type Manifolds } from "./manifolds.ts";
import { separability } from "./separable.ts";
import { Rng } from "../../util/rng.ts";

/** Options of {@link simulatedCapacity}. */
export interface SimulatedCapacityOptions {
  /** Random dichotomies (each with its own projection) per N (default 20). */
  reps?: number;
  /** Seed of the projections and labels. */
  seed?: number;
  /** Largest projection dimension tried (default: the data dimension). */
  maxN?: number;
  /** Hyperplanes with an offset (default false, as in the theory). */
  bias?: boolean;
  /** Subtract the global mean first (default true). */
  centre?: boolean;
  /**
   * Exactly ⌊P/2⌋ positive manifolds in every dichotomy, as in the authors' code (default
   * false: independent fair coin flips per manifold, as in the theory).
   */
  balanced?: boolean;
}

/** Result of {@link simulatedCapacity}. */
export interface SimulatedCapacity {
  /** P / N_c. */
  alpha: number;
  /** Interpolated projection dimension where half of the dichotomies are separable. */
  criticalN: number;
  /** Fraction separable at every N evaluated. */
  fractions: { n: number; fraction: number }[];
  /** True when even maxN dimensions separate fewer than half (α is then an upper bound). */
  saturated: boolean;
}

/**
 * Estimates the simulated capacity of a set of manifolds. The same projection and labels are
 * reused across N for each repetition (the first N rows of one Gaussian matrix), so the
 * fraction separable is monotone in N and the bisection is well defined.
 *
 * @example
 * ```ts
 * import { makeManifolds, simulatedCapacity } from "@prevision/prevision/analysis";
 * import { Rng } from "@prevision/prevision";
 * const rng = new Rng(1);
 * const pts = Float64Array.from({ length: 120 * 200 }, () => rng.normal());
 * const res = simulatedCapacity(makeManifolds(pts, 120, 1, 200), { reps: 10 });
 * console.log(res.alpha); // ≈ 2 (Cover: P random points, half separable at P = 2N)
 * ```
 */
export function simulatedCapacity(
  manifolds: Manifolds,
  options: SimulatedCapacityOptions = {},
): SimulatedCapacity {
  const reps = options.reps ?? 20;
  const seed = options.seed ?? 0;
  const m = options.centre === false ? manifolds : centreGlobally(manifolds);
  const { count, points, dim } = m;
  const n = count * points;
  // With N ≥ n points in general position every dichotomy is separable: no need to look further.
  const maxN = Math.max(1, Math.min(options.maxN ?? dim, dim, n));
  const proj: Float64Array[] = Array.from({ length: reps }, () => new Float64Array(0));
  const have = new Int32Array(reps);
  const labels = Array.from({ length: reps }, (_, r) => {
    const rng = new Rng(seed, 0x7fff0000 + r);
    if (!options.balanced) {
      return Array.from({ length: count }, () => (rng.bernoulli(0.5) ? 1 : -1));
    }
    const order = rng.permutation(count);
    const out = new Array<number>(count).fill(-1);
    for (let i = 0; i < Math.floor(count / 2); i++) out[order[i]] = 1;
    return out;
  });
  const cache = new Map<number, number>();

  // Projected coordinates of rep r, point-major with row stride N, for the first N rows.
  const ensure = (r: number, rows: number) => {
    if (have[r] >= rows) return;
    const old = proj[r];
    const oldRows = have[r];
    const next = new Float64Array(n * rows);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < oldRows; k++) next[i * rows + k] = old[i * oldRows + k];
    }
    const g = new Float64Array(dim);
    for (let row = oldRows; row < rows; row++) {
      const rng = new Rng(seed, ((r & 0x7fff) << 16) ^ row);
      for (let k = 0; k < dim; k++) g[k] = rng.normal();
      for (let i = 0; i < n; i++) {
        let s = 0;
        const o = i * dim;
        for (let k = 0; k < dim; k++) s += g[k] * m.data[o + k];
        next[i * rows + row] = s;
      }
    }
    proj[r] = next;
    have[r] = rows;
  };

  const fraction = (N: number): number => {
    const hit = cache.get(N);
    if (hit !== undefined) return hit;
    let separable = 0;
    const x = new Float64Array(n * N);
    const y = new Array<number>(n);
    for (let r = 0; r < reps; r++) {
      ensure(r, N);
      const stride = have[r];
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < N; k++) x[i * N + k] = proj[r][i * stride + k];
        y[i] = labels[r][Math.floor(i / points)];
      }
      if (separability(x, y, N, { bias: options.bias }).separable) separable++;
    }
    const f = separable / reps;
    cache.set(N, f);
    return f;
  };

  // Exponential search for a bracket, then bisection on the integer N.
  let lo = 0; // fraction(0) is taken as 0
  let hi = 1;
  while (hi < maxN && fraction(hi) < 0.5) {
    lo = hi;
    hi = Math.min(maxN, hi * 2);
  }
  const saturated = fraction(hi) < 0.5;
  if (!saturated) {
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (fraction(mid) >= 0.5) hi = mid;
      else lo = mid;
    }
  }
  const fHi = fraction(hi);
  const fLo = lo === 0 ? 0 : fraction(lo);
  const criticalN = saturated ? hi : lo + (0.5 - fLo) / Math.max(1e-12, fHi - fLo) * (hi - lo);
  const fractions = [...cache.entries()].sort((a, b) => a[0] - b[0]).map(([N, f]) => ({
    n: N,
    fraction: f,
  }));
  return { alpha: count / criticalN, criticalN, fractions, saturated };
}
