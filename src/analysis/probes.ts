/**
 * Linear probes on frozen features: multinomial logistic regression (softmax, L2 penalty)
 * on standardised features, trained full-batch with Adam. Used to read out class identity
 * or exemplar identity from an encoder's representation.
 */
import { InputError } from "../util/errors.ts";

/** A labelled feature set: `count` rows of `dim` features. */
export interface FeatureSet {
  /** count·dim feature values, row-major. */
  x: Float32Array;
  /** Class of every row (0, 1, …). */
  labels: ArrayLike<number>;
  /** Features per row. */
  dim: number;
}

/** Options of {@link linearProbe}. */
export interface ProbeOptions {
  /** Full-batch Adam steps (default 300). */
  epochs?: number;
  /** Adam learning rate (default 0.05). */
  learningRate?: number;
  /** L2 penalty on the weights (default 1e-4). */
  l2?: number;
}

/** Result of {@link linearProbe}. */
export interface ProbeResult {
  /** Accuracy on the training rows. */
  trainAccuracy: number;
  /** Accuracy on the held-out rows. */
  testAccuracy: number;
  /** Number of classes. */
  classes: number;
}

function check(set: FeatureSet, what: string): number {
  const n = set.labels.length;
  if (set.dim < 1 || set.x.length !== n * set.dim) {
    throw new InputError(`${what}: ${set.x.length} values are not ${n} rows of ${set.dim}`);
  }
  for (let i = 0; i < n; i++) {
    const l = set.labels[i];
    if (!Number.isInteger(l) || l < 0) throw new InputError(`${what}: bad label ${l}`);
  }
  return n;
}

/**
 * Fits a softmax regression on `train` and reports accuracy on `train` and `test`.
 *
 * @example
 * ```ts
 * import { linearProbe } from "@prevision/prevision/analysis";
 * const x = new Float32Array([0, 0, 0, 1, 5, 5, 5, 6]);
 * const set = { x, labels: [0, 0, 1, 1], dim: 2 };
 * linearProbe(set, set).testAccuracy; // 1
 * ```
 */
export function linearProbe(
  train: FeatureSet,
  test: FeatureSet,
  options: ProbeOptions = {},
): ProbeResult {
  const n = check(train, "probe train set");
  check(test, "probe test set");
  if (train.dim !== test.dim) throw new InputError("probe: train and test dims differ");
  if (n === 0) throw new InputError("probe: empty train set");
  const dim = train.dim;
  const classes = 1 + Math.max(...Array.from(train.labels), ...Array.from(test.labels));
  // Standardise with the train statistics.
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += train.x[i * dim + d] / n;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) std[d] += (train.x[i * dim + d] - mean[d]) ** 2 / n;
  }
  for (let d = 0; d < dim; d++) std[d] = Math.sqrt(std[d]) || 1;
  const standardise = (set: FeatureSet) => {
    const out = new Float64Array(set.x.length);
    for (let i = 0; i < out.length; i++) {
      const d = i % dim;
      out[i] = (set.x[i] - mean[d]) / std[d];
    }
    return out;
  };
  const xs = standardise(train);
  const params = new Float64Array((dim + 1) * classes); // weights [dim][classes], then bias
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const grad = new Float64Array(params.length);
  const logits = new Float64Array(classes);
  const epochs = options.epochs ?? 300;
  const lr = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-4;
  const biasAt = dim * classes;
  for (let step = 1; step <= epochs; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      scores(xs, i, dim, classes, params, logits);
      softmaxInPlace(logits);
      logits[train.labels[i]] -= 1;
      const o = i * dim;
      for (let d = 0; d < dim; d++) {
        const xv = xs[o + d];
        if (xv === 0) continue;
        const row = d * classes;
        for (let c = 0; c < classes; c++) grad[row + c] += xv * logits[c] / n;
      }
      for (let c = 0; c < classes; c++) grad[biasAt + c] += logits[c] / n;
    }
    for (let j = 0; j < biasAt; j++) grad[j] += l2 * params[j];
    const c1 = 1 - 0.9 ** step;
    const c2 = 1 - 0.999 ** step;
    for (let j = 0; j < params.length; j++) {
      m[j] = 0.9 * m[j] + 0.1 * grad[j];
      v[j] = 0.999 * v[j] + 0.001 * grad[j] * grad[j];
      params[j] -= lr * (m[j] / c1) / (Math.sqrt(v[j] / c2) + 1e-8);
    }
  }
  const accuracy = (x: Float64Array, labels: ArrayLike<number>) => {
    let correct = 0;
    for (let i = 0; i < labels.length; i++) {
      scores(x, i, dim, classes, params, logits);
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[c] > logits[best]) best = c;
      if (best === labels[i]) correct++;
    }
    return labels.length ? correct / labels.length : NaN;
  };
  return {
    trainAccuracy: accuracy(xs, train.labels),
    testAccuracy: accuracy(standardise(test), test.labels),
    classes,
  };
}

function scores(
  x: Float64Array,
  i: number,
  dim: number,
  classes: number,
  params: Float64Array,
  out: Float64Array,
): void {
  const biasAt = dim * classes;
  for (let c = 0; c < classes; c++) out[c] = params[biasAt + c];
  const o = i * dim;
  for (let d = 0; d < dim; d++) {
    const xv = x[o + d];
    if (xv === 0) continue;
    const row = d * classes;
    for (let c = 0; c < classes; c++) out[c] += xv * params[row + c];
  }
}

function softmaxInPlace(v: Float64Array): void {
  let max = -Infinity;
  for (const x of v) max = Math.max(max, x);
  let sum = 0;
  for (let c = 0; c < v.length; c++) {
    v[c] = Math.exp(v[c] - max);
    sum += v[c];
  }
  for (let c = 0; c < v.length; c++) v[c] /= sum;
}
