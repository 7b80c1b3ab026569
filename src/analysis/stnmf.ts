/**
 * Spike-triggered non-negative matrix factorisation (STNMF; Liu et al. 2017, Nat. Commun.
 * 8:149), the subunit method of the Yan et al. 2020 lab: each spike's stimulus history is
 * collapsed to one image with the STA's temporal kernel, and the ensemble of these images is
 * factorised as non-negative weights × sign-free spatial "modules" (semi-NMF, Ding, Li &
 * Jordan 2010). With rectified subunits, a spike carries non-negative amounts of a few
 * subunits' patterns, so the modules recover the subunits from spikes alone.
 *
 * @module
 */
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { spikeTriggeredAverage } from "./sta.ts";
import { rank1 } from "./filters.ts";

/** Options of {@link stnmf}. */
export interface StnmfOptions {
  /** Modules (factors) to extract. */
  modules: number;
  /** Frames of stimulus history before a spike (as for the STA). */
  lags: number;
  /** Multiplicative semi-NMF iterations after the k-means start (default 300). */
  iterations?: number;
  /** Seed of the k-means++ start (default 0). */
  seed?: number;
  /**
   * Sparsity of the modules: after each update, module entries are soft-thresholded by this
   * fraction of the module's largest |entry| (default 0.1; 0 = plain semi-NMF). Liu et al.
   * constrain the modules to be sparse for the same reason: subunits are local.
   */
  sparsity?: number;
}

/** What {@link stnmf} recovers. */
export interface StnmfResult {
  /** The spatial modules, each `pixels` long with unit norm (sign as found). */
  modules: Float64Array[];
  /** Mean weight of each module over the spikes. */
  meanWeights: number[];
  /** The STA's temporal kernel used to collapse each spike's history (lag 0 first). */
  temporal: Float64Array;
  /** Spike-triggered images in the ensemble (a frame with c spikes counts c times). */
  spikes: number;
  /** ‖X − F·Gᵀ‖² / ‖X‖² at the end. */
  residual: number;
}

/**
 * The spike-triggered ensemble: for each frame t ≥ lags − 1 with spikes, the image
 * Σ_k temporal[k]·frame[t − k], repeated once per spike. Returns `[n, pixels]` row-major.
 *
 * @example
 * ```ts
 * const movie = { data: Float32Array.from([1, 2, 3, 4]), frames: 2, size: 1 };
 * spikeTriggeredEnsemble(movie, [0, 2], Float64Array.from([1, 0.5])).n; // 2 (two spikes)
 * ```
 */
export function spikeTriggeredEnsemble(
  movie: FlatMovie,
  spikes: ArrayLike<number>,
  temporal: ArrayLike<number>,
): { data: Float64Array; n: number } {
  const px = movie.size * movie.size;
  const lags = temporal.length;
  const rows: number[] = [];
  for (let t = lags - 1; t < movie.frames; t++) {
    const c = Math.round(spikes[t]);
    for (let i = 0; i < c; i++) rows.push(t);
  }
  const data = new Float64Array(rows.length * px);
  rows.forEach((t, r) => {
    for (let k = 0; k < lags; k++) {
      const w = temporal[k];
      const base = (t - k) * px;
      for (let p = 0; p < px; p++) data[r * px + p] += w * movie.data[base + p];
    }
  });
  return { data, n: rows.length };
}

/** The inverse of a small k × k matrix (Gauss–Jordan with partial pivoting). */
function inverse(a: Float64Array, k: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r * k + c]) > Math.abs(m[piv * k + c])) piv = r;
    for (let j = 0; j < k; j++) {
      [m[c * k + j], m[piv * k + j]] = [m[piv * k + j], m[c * k + j]];
      [inv[c * k + j], inv[piv * k + j]] = [inv[piv * k + j], inv[c * k + j]];
    }
    const d = m[c * k + c];
    for (let j = 0; j < k; j++) {
      m[c * k + j] /= d;
      inv[c * k + j] /= d;
    }
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r * k + c];
      if (f === 0) continue;
      for (let j = 0; j < k; j++) {
        m[r * k + j] -= f * m[c * k + j];
        inv[r * k + j] -= f * inv[c * k + j];
      }
    }
  }
  return inv;
}

/** k-means++ then Lloyd iterations on the rows of `x` [n, p]; returns the labels. */
function kMeans(x: Float64Array, n: number, p: number, k: number, rng: Rng): Int32Array {
  const centres = new Float64Array(k * p);
  const dist = (i: number, c: number) => {
    let s = 0;
    for (let j = 0; j < p; j++) s += (x[i * p + j] - centres[c * p + j]) ** 2;
    return s;
  };
  const first = rng.int(n);
  for (let j = 0; j < p; j++) centres[j] = x[first * p + j];
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], dist(i, c - 1));
      total += nearest[i];
    }
    let u = rng.uniform() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= nearest[i];
      if (u <= 0) {
        pick = i;
        break;
      }
    }
    for (let j = 0; j < p; j++) centres[c * p + j] = x[pick * p + j];
  }
  const labels = new Int32Array(n);
  for (let it = 0; it < 50; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const d = dist(i, c);
        if (d < bd) [bd, best] = [d, c];
      }
      if (labels[i] !== best || it === 0) moved++;
      labels[i] = best;
    }
    const counts = new Float64Array(k);
    centres.fill(0);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let j = 0; j < p; j++) centres[labels[i] * p + j] += x[i * p + j];
    }
    for (let c = 0; c < k; c++) {
      // An empty cluster restarts at a random sample.
      const src = counts[c] > 0 ? -1 : rng.int(n);
      for (let j = 0; j < p; j++) {
        centres[c * p + j] = src >= 0 ? x[src * p + j] : centres[c * p + j] / counts[c];
      }
    }
    if (moved === 0) break;
  }
  return labels;
}

/**
 * Semi-NMF of `x` [n, p] (rows are samples): x ≈ G·Fᵀ with G [n, k] ≥ 0 and F [p, k] of any
 * sign; k-means start, then Ding et al.'s updates F = XᵀG(GᵀG)⁻¹ and
 * G ← G ⊙ √(((XF)⁺ + G(FᵀF)⁻) / ((XF)⁻ + G(FᵀF)⁺)). With `sparsity` > 0 each column of F is
 * soft-thresholded by that fraction of its largest |entry| after its update.
 *
 * @example
 * ```ts
 * // Two samples that are non-negative mixtures of two patterns.
 * const x = Float64Array.from([1, 0, 0, -1, 2, -2]);
 * semiNmf(x, 3, 2, 2, { iterations: 50 }).residual < 1e-6; // true
 * ```
 */
export function semiNmf(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  options: { iterations?: number; seed?: number; sparsity?: number } = {},
): { f: Float64Array; g: Float64Array; residual: number } {
  const sparsity = options.sparsity ?? 0;
  if (n < k) throw new InputError(`semi-NMF needs at least ${k} samples, got ${n}`);
  const rng = new Rng(options.seed ?? 0, 0x57a1);
  const labels = kMeans(x, n, p, k, rng);
  const g = new Float64Array(n * k).fill(0.2);
  for (let i = 0; i < n; i++) g[i * k + labels[i]] += 1;
  const f = new Float64Array(p * k);
  const gtg = new Float64Array(k * k);
  const ftf = new Float64Array(k * k);
  const xf = new Float64Array(n * k);
  const updateF = () => {
    gtg.fill(0);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) gtg[a * k + b] += g[i * k + a] * g[i * k + b];
      }
    }
    for (let a = 0; a < k; a++) gtg[a * k + a] += 1e-9 * n;
    const inv = inverse(gtg, k);
    const xtg = new Float64Array(p * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const v = x[i * p + j];
        for (let a = 0; a < k; a++) xtg[j * k + a] += v * g[i * k + a];
      }
    }
    f.fill(0);
    for (let j = 0; j < p; j++) {
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let b = 0; b < k; b++) s += xtg[j * k + b] * inv[b * k + a];
        f[j * k + a] = s;
      }
    }
    if (sparsity > 0) {
      for (let a = 0; a < k; a++) {
        let peak = 0;
        for (let j = 0; j < p; j++) peak = Math.max(peak, Math.abs(f[j * k + a]));
        const cut = sparsity * peak;
        for (let j = 0; j < p; j++) {
          const v = f[j * k + a];
          f[j * k + a] = Math.sign(v) * Math.max(0, Math.abs(v) - cut);
        }
      }
    }
  };
  const iterations = options.iterations ?? 300;
  for (let it = 0; it < iterations; it++) {
    updateF();
    ftf.fill(0);
    for (let j = 0; j < p; j++) {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) ftf[a * k + b] += f[j * k + a] * f[j * k + b];
      }
    }
    xf.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const v = x[i * p + j];
        for (let a = 0; a < k; a++) xf[i * k + a] += v * f[j * k + a];
      }
    }
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < k; a++) {
        let gPos = 0;
        let gNeg = 0;
        for (let b = 0; b < k; b++) {
          const m = ftf[b * k + a];
          gPos += g[i * k + b] * Math.max(0, m);
          gNeg += g[i * k + b] * Math.max(0, -m);
        }
        const v = xf[i * k + a];
        const num = Math.max(0, v) + gNeg;
        const den = Math.max(0, -v) + gPos;
        g[i * k + a] *= Math.sqrt(num / (den + 1e-12));
      }
    }
  }
  updateF();
  let err = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += g[i * k + a] * f[j * k + a];
      err += (x[i * p + j] - s) ** 2;
      norm += x[i * p + j] ** 2;
    }
  }
  return { f, g, residual: norm > 0 ? err / norm : 0 };
}

/**
 * STNMF: the STA's temporal kernel (rank-1 split) collapses each spike's history to one
 * image; semi-NMF of the ensemble gives the modules (unit norm), ordered by mean weight.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * const movie = binaryCheckerboard({ frames: 4000, seed: 1 });
 * const cell = createRgc({ nonlinearity: { kind: "threshold-linear", gain: 60, threshold: 2.5 } });
 * const { spikes } = simulateRgc(cell, movie, { seed: 2 });
 * stnmf(movie, spikes, { modules: 4, lags: 20 }).modules.length; // 4
 * ```
 */
export function stnmf(
  movie: FlatMovie,
  spikes: ArrayLike<number>,
  options: StnmfOptions,
): StnmfResult {
  const { modules: k, lags } = options;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`modules must be ≥ 1, got ${k}`);
  const px = movie.size * movie.size;
  const sta = spikeTriggeredAverage(movie, spikes, lags);
  const split = rank1(sta, lags, px);
  // Orient the kernel so its largest lobe is positive; the modules keep the sign of the data.
  let peak = 0;
  for (const v of split.u) if (Math.abs(v) > Math.abs(peak)) peak = v;
  const temporal = Float64Array.from(split.u, (v) => (peak < 0 ? -v : v));
  const ensemble = spikeTriggeredEnsemble(movie, spikes, temporal);
  const { f, g, residual } = semiNmf(ensemble.data, ensemble.n, px, k, {
    iterations: options.iterations,
    seed: options.seed,
    sparsity: options.sparsity ?? 0.1,
  });
  const found = Array.from({ length: k }, (_, a) => {
    const m = Float64Array.from({ length: px }, (_, j) => f[j * k + a]);
    const norm = Math.hypot(...m) || 1;
    let w = 0;
    for (let i = 0; i < ensemble.n; i++) w += g[i * k + a];
    // Scale weights by the module norm so they measure the module's contribution.
    return { module: m.map((v) => v / norm), weight: (w / ensemble.n) * norm };
  }).sort((a, b) => b.weight - a.weight);
  return {
    modules: found.map((x) => x.module),
    meanWeights: found.map((x) => x.weight),
    temporal,
    spikes: ensemble.n,
    residual,
  };
}
