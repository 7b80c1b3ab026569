/**
 * Metrics for predicted neural responses: Pearson correlation, the noise-corrected
 * correlation CC_norm (Schoppe et al. 2016) and the fraction of explainable variance
 * explained (FEV, Cadena et al. 2019) for repeated trials, and Poisson log-likelihood.
 */
import { InputError } from "../util/errors.ts";

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new InputError(`${what}: lengths differ (${a.length} vs ${b.length})`);
  }
  if (a.length < 2) throw new InputError(`${what}: need at least 2 values`);
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

function variance(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return s / a.length;
}

/**
 * Pearson correlation; 0 when either input is constant.
 *
 * @example
 * ```ts
 * import { pearson } from "@prevision/prevision/analysis";
 * pearson([1, 2, 3], [2, 4, 7]); // ≈ 0.99
 * ```
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b, "pearson");
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

function checkTrials(trials: ArrayLike<number>[], length: number, what: string): void {
  if (trials.length < 2) throw new InputError(`${what}: need at least 2 repeated trials`);
  for (const t of trials) {
    if (t.length !== length) throw new InputError(`${what}: trial lengths differ from prediction`);
  }
}

/** Trial-averaged response (PSTH). */
export function trialMean(trials: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(trials[0].length);
  for (const t of trials) for (let i = 0; i < out.length; i++) out[i] += t[i] / trials.length;
  return out;
}

/**
 * Signal power of repeated trials (Sahani & Linden 2003): the variance of the response that
 * is repeatable across trials, `(Var(Σ trials) − Σ Var(trial)) / (N (N − 1))`.
 */
export function signalPower(trials: ArrayLike<number>[]): number {
  const n = trials.length;
  const sum = new Float64Array(trials[0].length);
  let sumVar = 0;
  for (const t of trials) {
    for (let i = 0; i < sum.length; i++) sum[i] += t[i];
    sumVar += variance(t);
  }
  return (variance(sum) - sumVar) / (n * (n - 1));
}

/**
 * Noise-corrected correlation CC_norm (Schoppe et al. 2016): the correlation of the
 * prediction with the trial average, divided by its ceiling given the trial-to-trial noise.
 * 1 means "as good as the data allow". NaN if the trials hold no repeatable signal.
 *
 * @example
 * ```ts
 * import { noiseCorrectedCorrelation } from "@prevision/prevision/analysis";
 * const trials = [[0, 1, 2, 1], [0, 2, 2, 0], [1, 1, 3, 1]];
 * noiseCorrectedCorrelation([0.3, 1.3, 2.3, 0.7], trials);
 * ```
 */
export function noiseCorrectedCorrelation(
  prediction: ArrayLike<number>,
  trials: ArrayLike<number>[],
): number {
  checkTrials(trials, prediction.length, "noise-corrected correlation");
  const psth = trialMean(trials);
  const sp = signalPower(trials);
  const vp = variance(prediction);
  if (!(sp > 0) || !(vp > 0)) return NaN;
  const mp = mean(prediction);
  const mr = mean(psth);
  let cov = 0;
  for (let i = 0; i < psth.length; i++) cov += (prediction[i] - mp) * (psth[i] - mr);
  cov /= psth.length;
  return cov / Math.sqrt(vp * sp);
}

/**
 * Fraction of explainable variance explained (Cadena et al. 2019): `1 − (MSE − σ²_noise) /
 * (Var(y) − σ²_noise)` over single trials, where σ²_noise is the mean across-trial variance.
 *
 * @example
 * ```ts
 * import { fractionExplainableVariance } from "@prevision/prevision/analysis";
 * fractionExplainableVariance([0, 1, 2, 1], [[0, 1, 2, 1], [0, 2, 2, 0], [1, 1, 3, 1]]);
 * ```
 */
export function fractionExplainableVariance(
  prediction: ArrayLike<number>,
  trials: ArrayLike<number>[],
): number {
  checkTrials(trials, prediction.length, "FEV");
  const n = trials.length;
  const T = prediction.length;
  const psth = trialMean(trials);
  let noise = 0;
  let mse = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < T; i++) {
    let v = 0;
    for (const t of trials) {
      v += (t[i] - psth[i]) ** 2;
      mse += (t[i] - prediction[i]) ** 2;
      sum += t[i];
      sumSq += t[i] * t[i];
    }
    noise += v / (n - 1);
  }
  noise /= T;
  mse /= n * T;
  const total = sumSq / (n * T) - (sum / (n * T)) ** 2;
  return 1 - (mse - noise) / (total - noise);
}

/**
 * Fraction of a known target's variance a prediction explains, `1 − MSE / Var(target)`
 * (for simulated cells, whose true rate is known).
 *
 * @example
 * ```ts
 * import { varianceExplained } from "@prevision/prevision/analysis";
 * varianceExplained([1, 2, 3], [1, 2, 3]); // 1
 * ```
 */
export function varianceExplained(
  prediction: ArrayLike<number>,
  target: ArrayLike<number>,
): number {
  sameLength(prediction, target, "variance explained");
  let mse = 0;
  for (let i = 0; i < target.length; i++) mse += (prediction[i] - target[i]) ** 2;
  const v = variance(target);
  return v > 0 ? 1 - mse / target.length / v : NaN;
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/**
 * Mean Poisson log-likelihood per bin of spike counts under predicted expected counts,
 * `mean(y log λ − λ − log y!)` (λ floored at 1e-8).
 *
 * @example
 * ```ts
 * import { poissonLogLikelihood } from "@prevision/prevision/analysis";
 * poissonLogLikelihood([0.5, 1, 2], [0, 1, 3]);
 * ```
 */
export function poissonLogLikelihood(
  expected: ArrayLike<number>,
  counts: ArrayLike<number>,
): number {
  sameLength(expected, counts, "Poisson log-likelihood");
  let s = 0;
  for (let i = 0; i < counts.length; i++) {
    const lam = Math.max(1e-8, expected[i]);
    const y = counts[i];
    s += y * Math.log(lam) - lam - logFactorial(Math.round(y));
  }
  return s / counts.length;
}

/**
 * Information gain over a constant-rate model, in bits per spike (Poisson).
 *
 * @example
 * ```ts
 * import { bitsPerSpike } from "@prevision/prevision/analysis";
 * bitsPerSpike([0.1, 2, 0.1, 2], [0, 2, 0, 3]); // > 0: better than the mean rate
 * ```
 */
export function bitsPerSpike(expected: ArrayLike<number>, counts: ArrayLike<number>): number {
  const total = Array.from(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  const flat = new Float64Array(counts.length).fill(total / counts.length);
  const gain = poissonLogLikelihood(expected, counts) - poissonLogLikelihood(flat, counts);
  return gain * counts.length / total / Math.LN2;
}
