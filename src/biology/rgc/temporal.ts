/**
 * Temporal filters of bipolar-cell subunits: a difference of two gamma functions (an
 * n-stage leaky integrator minus a slower one), as in the simulated ganglion cell of
 * Yan et al. 2020 (their `make1DOG`: n = 4 and 5, τ = 0.05 s, a = 0.05 each, 0.68 s long at
 * 30 Hz = 20 taps, a 2-frame delay, unit L2 norm, sign-flipped for an OFF cell).
 */
import { InputError } from "../../util/errors.ts";

/**
 * Options of {@link differenceOfGammas}.
 *
 * @example
 * ```ts
 * import { differenceOfGammas, type DogTemporalOptions } from "@prevision/prevision/biology";
 * const slow: DogTemporalOptions = { tau: [0.08, 0.08], polarity: "on" };
 * differenceOfGammas(slow);
 * ```
 */
export interface DogTemporalOptions {
  /** Stages of the positive and negative gamma (default [4, 5]). */
  n?: [number, number];
  /** Time constants in seconds (default [0.05, 0.05]). */
  tau?: [number, number];
  /** Amplitudes (default [0.05, 0.05]). */
  a?: [number, number];
  /** Filter length in seconds (default 0.68); taps = floor(length · frameRate). */
  length?: number;
  /** Delay in frames (default 2). */
  delayFrames?: number;
  /** Frame rate in Hz (default 30). */
  frameRate?: number;
  /** `off` flips the sign (the first lobe is negative: the cell prefers darkening). */
  polarity?: "on" | "off";
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Gamma kernel (t/τ)^(n−1) e^(−t/τ) / (τ (n−1)!), zero for t ≤ 0. */
export function gammaKernel(n: number, tau: number, t: number): number {
  if (t <= 0) return 0;
  return Math.pow(t / tau, n - 1) * Math.exp(-t / tau) / (tau * factorial(n - 1));
}

/**
 * A causal difference-of-gammas filter, normalised to unit L2 norm: element `k` weights the
 * stimulus `k` frames in the past (`out[t] = Σ_k f[k] · s[t − k]`).
 *
 * @example
 * ```ts
 * import { differenceOfGammas } from "@prevision/prevision/biology";
 * const off = differenceOfGammas({ polarity: "off" }); // 20 taps, first lobe negative
 * ```
 */
export function differenceOfGammas(options: DogTemporalOptions = {}): Float64Array {
  const n = options.n ?? [4, 5];
  const tau = options.tau ?? [0.05, 0.05];
  const a = options.a ?? [0.05, 0.05];
  const frameRate = options.frameRate ?? 30;
  const length = options.length ?? 0.68;
  const delay = options.delayFrames ?? 2;
  if (!(frameRate > 0) || !(length > 0) || !(delay >= 0)) {
    throw new InputError("temporal filter: frameRate and length must be > 0, delay ≥ 0");
  }
  if (!(tau[0] > 0 && tau[1] > 0) || !(n[0] >= 1 && n[1] >= 1)) {
    throw new InputError("temporal filter: τ must be > 0 and n ≥ 1");
  }
  const taps = Math.floor(length * frameRate + 1e-9);
  if (taps < 1) throw new InputError(`temporal filter: ${length} s at ${frameRate} Hz has no taps`);
  const dt = 1 / frameRate;
  const f = new Float64Array(taps);
  for (let k = 0; k < taps; k++) {
    const t = (k - delay) * dt;
    f[k] = a[0] * gammaKernel(n[0], tau[0], t) - a[1] * gammaKernel(n[1], tau[1], t);
  }
  let norm = 0;
  for (const v of f) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm === 0) throw new InputError("temporal filter is zero everywhere (delay ≥ length?)");
  const sign = (options.polarity ?? "off") === "off" ? -1 : 1;
  for (let k = 0; k < taps; k++) f[k] = sign * f[k] / norm;
  return f;
}

/** Causal filtering of a signal: `out[t] = Σ_k filter[k] · x[t − k]` (zero before t = 0). */
export function causalFilter(x: ArrayLike<number>, filter: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) {
    let s = 0;
    const kmax = Math.min(filter.length - 1, t);
    for (let k = 0; k <= kmax; k++) s += filter[k] * x[t - k];
    out[t] = s;
  }
  return out;
}
