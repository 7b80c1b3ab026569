/**
 * Single-unit selectivity as in Zhong et al. 2025: d′ = 2(μ₁ − μ₂)/(σ₁ + σ₂) between the
 * responses to two stimuli, and the fraction of units with |d′| above a threshold.
 */
import { InputError } from "../../util/errors.ts";

/** Responses of many units over many trials: `data[trial * units + unit]`. */
export interface TrialMatrix {
  /** Number of trials (rows). */
  trials: number;
  /** Number of units (columns). */
  units: number;
  /** Responses, `data[trial * units + unit]`. */
  data: Float32Array | Float64Array | number[];
}

function check(m: TrialMatrix, name: string): void {
  if (!Number.isInteger(m.trials) || !Number.isInteger(m.units) || m.trials < 2 || m.units < 1) {
    throw new InputError(`${name}: need at least 2 trials and 1 unit`);
  }
  if (m.data.length !== m.trials * m.units) {
    throw new InputError(`${name}: data has ${m.data.length} values, need trials × units`);
  }
}

function unitMoments(m: TrialMatrix): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(m.units);
  const sd = new Float64Array(m.units);
  for (let t = 0; t < m.trials; t++) {
    for (let u = 0; u < m.units; u++) mean[u] += m.data[t * m.units + u];
  }
  for (let u = 0; u < m.units; u++) mean[u] /= m.trials;
  for (let t = 0; t < m.trials; t++) {
    for (let u = 0; u < m.units; u++) {
      const d = m.data[t * m.units + u] - mean[u];
      sd[u] += d * d;
    }
  }
  for (let u = 0; u < m.units; u++) sd[u] = Math.sqrt(sd[u] / (m.trials - 1));
  return { mean, sd };
}

/**
 * d′ of every unit between stimulus A (e.g. leaf corridor) and stimulus B (circle). A unit
 * with zero variance under both stimuli gets d′ = 0 when the means agree, ±Infinity-free
 * large values are avoided by a tiny floor on σ₁ + σ₂.
 */
export function dPrime(a: TrialMatrix, b: TrialMatrix): Float64Array {
  check(a, "dPrime(a)");
  check(b, "dPrime(b)");
  if (a.units !== b.units) throw new InputError("dPrime: a and b have different unit counts");
  const ma = unitMoments(a);
  const mb = unitMoments(b);
  const out = new Float64Array(a.units);
  for (let u = 0; u < a.units; u++) {
    const spread = ma.sd[u] + mb.sd[u];
    const diff = ma.mean[u] - mb.mean[u];
    out[u] = spread > 1e-12
      ? (2 * diff) / spread
      : (Math.abs(diff) > 1e-12 ? Math.sign(diff) * 1e6 : 0);
  }
  return out;
}

/** Fraction of units with |d′| ≥ threshold (0.3 in the study). */
export function selectiveFraction(d: ArrayLike<number>, threshold = 0.3): number {
  if (d.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (Math.abs(d[i]) >= threshold) n++;
  return n / d.length;
}

/** {@link selectiveFraction} over a range of thresholds. */
export function selectivitySweep(
  d: ArrayLike<number>,
  thresholds: number[] = [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2],
): { threshold: number; fraction: number }[] {
  return thresholds.map((threshold) => ({ threshold, fraction: selectiveFraction(d, threshold) }));
}
