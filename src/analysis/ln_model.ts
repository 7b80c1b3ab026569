/**
 * A linear–nonlinear–Poisson (LN) model fitted by maximum likelihood: expected count per
 * frame λ_t = f(k · x_t + b), with x_t the last `lags` frames and f = softplus or exp,
 * minimising the Poisson negative log-likelihood (+ a small L2 penalty) with minibatch Adam.
 * The best epoch is chosen by validation correlation when a validation set is given.
 */
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import { pearson } from "./metrics.ts";
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { applyFilter, checkMovieResponse } from "./_lagged.ts";
import { spikeTriggeredAverage } from "./sta.ts";

/**
 * Options of {@link fitLnModel}.
 *
 * @example
 * ```ts
 * import type { LnOptions } from "@prevision/prevision/analysis";
 * const options: LnOptions = { lags: 20, nonlinearity: "exp", epochs: 10, l2: 1e-4 };
 * ```
 */
export interface LnOptions {
  /** Frames of stimulus history in the filter. */
  lags: number;
  /** Output nonlinearity (default softplus). */
  nonlinearity?: "softplus" | "exp";
  /** Passes over the training data (default 20). */
  epochs?: number;
  /** Minibatch size (default 256). */
  batch?: number;
  /** Adam step size (default 0.01). */
  learningRate?: number;
  /** L2 penalty on the filter, per frame of data (default 1e-4). */
  l2?: number;
  /** Shuffling seed (default 0). */
  seed?: number;
  /** Held-out data for picking the best epoch (by Pearson correlation). */
  validation?: { movie: FlatMovie; response: ArrayLike<number> };
}

/**
 * A fitted LN model.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import { fitLnModel, type LnModel } from "@prevision/prevision/analysis";
 * const movie = binaryCheckerboard({ frames: 3000, seed: 1 });
 * const ln: LnModel = fitLnModel(movie, simulateRgc(createRgc(), movie).spikes, { lags: 20, epochs: 2 });
 * console.log(ln.losses);
 * ```
 */
export interface LnModel {
  /** Fitted filter `[lags, pixels]` (row k = k frames before the response). */
  filter: Float64Array;
  /** Offset added before the nonlinearity. */
  bias: number;
  /** Frames of history the filter spans. */
  lags: number;
  /** Output nonlinearity used. */
  nonlinearity: "softplus" | "exp";
  /** Training negative log-likelihood per frame after each epoch. */
  losses: number[];
  /** Validation correlation after each epoch (empty without validation data). */
  validation: number[];
  /** Expected response per frame for a movie (same size as the training movie). */
  predict(movie: FlatMovie): Float64Array;
}

function softplus(u: number): number {
  return u > 30 ? u : Math.log1p(Math.exp(u));
}

function sigmoid(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

/**
 * Fits an LN model by maximum likelihood.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import { fitLnModel } from "@prevision/prevision/analysis";
 * const movie = binaryCheckerboard({ frames: 6000, seed: 1 });
 * const { spikes } = simulateRgc(createRgc(), movie, { seed: 2 });
 * const ln = fitLnModel(movie, spikes, { lags: 20, epochs: 5 });
 * const predicted = ln.predict(binaryCheckerboard({ frames: 600, seed: 9 }));
 * ```
 */
export function fitLnModel(
  movie: FlatMovie,
  response: ArrayLike<number>,
  options: LnOptions,
): LnModel {
  checkMovieResponse(movie, response);
  const { lags } = options;
  const nl = options.nonlinearity ?? "softplus";
  const epochs = options.epochs ?? 20;
  const batch = options.batch ?? 256;
  const lr = options.learningRate ?? 0.01;
  const l2 = options.l2 ?? 1e-4;
  if (!Number.isInteger(epochs) || epochs < 1) throw new InputError("LN: epochs must be ≥ 1");
  const px = movie.size * movie.size;
  const n = lags * px;
  const frames = Array.from({ length: movie.frames - lags + 1 }, (_, i) => i + lags - 1);
  let meanY = 0;
  for (const t of frames) meanY += response[t] / frames.length;
  if (!(meanY > 0)) throw new InputError("LN: the response is zero everywhere");
  // Start from the STA direction, small, with the bias at the mean rate.
  const w = spikeTriggeredAverage(movie, response, lags);
  let norm = 0;
  for (const v of w) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < n; i++) w[i] *= 0.5 / norm;
  let b = nl === "exp" ? Math.log(meanY) : Math.log(Math.expm1(meanY));
  const m = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const grad = new Float64Array(n + 1);
  const rng = new Rng(options.seed ?? 0, 0x11);
  const d = movie.data;
  const b1 = 0.9;
  const b2 = 0.999;
  let step = 0;
  const losses: number[] = [];
  const validation: number[] = [];
  let best = { score: -Infinity, w: Float64Array.from(w), b };
  const predictWith = (mv: FlatMovie, wt: Float64Array, bias: number) =>
    applyFilter(mv, wt, lags).map((g) => nl === "exp" ? Math.exp(g + bias) : softplus(g + bias));
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(frames);
    let loss = 0;
    for (let start = 0; start < frames.length; start += batch) {
      const end = Math.min(frames.length, start + batch);
      grad.fill(0);
      for (let i = start; i < end; i++) {
        const t = frames[i];
        let u = b;
        for (let k = 0; k < lags; k++) {
          const fo = k * px;
          const mo = (t - k) * px;
          for (let p = 0; p < px; p++) u += w[fo + p] * d[mo + p];
        }
        const y = response[t];
        let lam: number;
        let dU: number;
        if (nl === "exp") {
          lam = Math.exp(Math.min(u, 30));
          dU = lam - y;
        } else {
          lam = Math.max(1e-8, softplus(u));
          dU = sigmoid(u) * (1 - y / lam);
        }
        loss += lam - y * Math.log(lam);
        for (let k = 0; k < lags; k++) {
          const fo = k * px;
          const mo = (t - k) * px;
          for (let p = 0; p < px; p++) grad[fo + p] += dU * d[mo + p];
        }
        grad[n] += dU;
      }
      const count = end - start;
      step++;
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      for (let i = 0; i <= n; i++) {
        const param = i < n ? w[i] : b;
        const g = grad[i] / count + (i < n ? 2 * l2 * param : 0);
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        const delta = lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
        if (i < n) w[i] -= delta;
        else b -= delta;
      }
    }
    losses.push(loss / frames.length);
    if (options.validation) {
      const pred = predictWith(options.validation.movie, w, b);
      const score = pearson(
        pred.slice(lags - 1),
        Array.from(options.validation.response).slice(lags - 1),
      );
      validation.push(score);
      if (score > best.score) best = { score, w: Float64Array.from(w), b };
    }
  }
  const filter = options.validation ? best.w : w;
  const bias = options.validation ? best.b : b;
  return {
    filter,
    bias,
    lags,
    nonlinearity: nl,
    losses,
    validation,
    predict: (mv: FlatMovie) => {
      if (mv.size !== movie.size) throw new InputError("LN: movie size differs from training");
      return predictWith(mv, filter, bias);
    },
  };
}
