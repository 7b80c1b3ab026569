/**
 * Training of {@link RgcCnn}: Adam on the Poisson loss over shuffled minibatches; after each
 * epoch the validation correlation is measured and the best model kept (as in the
 * authors' code, which keeps the model with the highest validation correlation).
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import { pearson } from "../analysis/metrics.ts";
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { historyBatch } from "../models/rgc_cnn_input.ts";
import type { RgcCnn, RgcCnnWeights } from "../models/rgc_cnn.ts";

/**
 * A movie and the response to fit (spike counts or rates, one value per frame).
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import type { ResponseData } from "@prevision/prevision/train";
 * const movie = binaryCheckerboard({ frames: 1000 });
 * const data: ResponseData = { movie, response: simulateRgc(createRgc(), movie).spikes };
 * ```
 */
export interface ResponseData {
  /** The stimulus movie. */
  movie: FlatMovie;
  /** The cell's response to each frame (rate or spike count). */
  response: ArrayLike<number>;
}

/**
 * Options of {@link fitRgcCnn}.
 *
 * @example
 * ```ts
 * import type { RgcCnnFitOptions } from "@prevision/prevision/train";
 * const options: RgcCnnFitOptions = {
 *   epochs: 20,
 *   batch: 128,
 *   learningRate: 4e-3,
 *   patience: 10,
 *   log: console.error,
 * };
 * ```
 */
export interface RgcCnnFitOptions {
  /** Maximum epochs. */
  epochs: number;
  /** Frames per batch (default 256). */
  batch?: number;
  /** Adam learning rate (default 2e-3). */
  learningRate?: number;
  /** Stop after this many epochs without a better validation correlation (default 5). */
  patience?: number;
  /** Seeds the order of the training frames (default 0). */
  seed?: number;
  /** Receives one line per epoch. */
  log?: (message: string) => void;
  /** Called after each epoch with the model at that point (e.g. to track filter recovery). */
  onEpoch?: (epoch: number, model: RgcCnn) => void;
}

/**
 * What {@link fitRgcCnn} returns (the model is left holding the best weights).
 *
 * @example
 * ```ts
 * import type { RgcCnnFitResult } from "@prevision/prevision/train";
 * function describe(fit: RgcCnnFitResult): string {
 *   return `best epoch ${fit.bestEpoch}: validation r ${fit.bestValidationCorrelation.toFixed(3)}`;
 * }
 * ```
 */
export interface RgcCnnFitResult {
  /** Mean training loss of each epoch. */
  trainLoss: number[];
  /** Validation r after each epoch. */
  validationCorrelation: number[];
  /** Epoch (1-based) with the best validation r, whose weights the model holds. */
  bestEpoch: number;
  /** That epoch's validation r. */
  bestValidationCorrelation: number;
  /** Wall time of the fit. */
  seconds: number;
  /** Optimiser steps taken. */
  steps: number;
}

/**
 * Trains `model` on `train`, selecting the epoch with the best validation correlation.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import { RgcCnn } from "@prevision/prevision/models";
 * import { useBackend } from "@prevision/prevision";
 * import { fitRgcCnn } from "@prevision/prevision/train";
 * await useBackend("cpu");
 * const cell = createRgc();
 * const m1 = binaryCheckerboard({ frames: 2000, seed: 1 });
 * const m2 = binaryCheckerboard({ frames: 500, seed: 2 });
 * const model = new RgcCnn({ channels: 4 });
 * const fit = await fitRgcCnn(model, { movie: m1, response: simulateRgc(cell, m1).rate },
 *   { movie: m2, response: simulateRgc(cell, m2).rate }, { epochs: 2 });
 * model.dispose();
 * ```
 */
export async function fitRgcCnn(
  model: RgcCnn,
  train: ResponseData,
  validation: ResponseData,
  options: RgcCnnFitOptions,
): Promise<RgcCnnFitResult> {
  const t0 = performance.now();
  const { size, history } = model.config;
  for (const [name, d] of [["training", train], ["validation", validation]] as const) {
    if (d.movie.size !== size) throw new InputError(`${name} movie is not ${size}×${size}`);
    if (d.response.length !== d.movie.frames) {
      throw new InputError(
        `${name} response has ${d.response.length} frames, movie ${d.movie.frames}`,
      );
    }
  }
  const batch = options.batch ?? 256;
  const patience = options.patience ?? 5;
  const rng = new Rng(options.seed ?? 0, 0xf17);
  const optimizer = tf.train.adam(options.learningRate ?? 2e-3);
  const frames = Array.from(
    { length: train.movie.frames - history + 1 },
    (_, i) => i + history - 1,
  );
  const per = size * size * history;
  const xBuf = new Float32Array(batch * per);
  const xTBuf = new Float32Array(batch * per);
  const yBuf = new Float32Array(batch);
  const valTarget = Array.from(validation.response).slice(history - 1);
  const trainLoss: number[] = [];
  const validationCorrelation: number[] = [];
  let best: { epoch: number; score: number; weights: RgcCnnWeights | null } = {
    epoch: -1,
    score: -Infinity,
    weights: null,
  };
  let steps = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      rng.shuffle(frames);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start + batch <= frames.length; start += batch) {
        const idx = frames.slice(start, start + batch);
        historyBatch(train.movie, idx, history, xBuf);
        for (let i = 0; i < batch; i++) yBuf[i] = train.response[idx[i]];
        for (let b = 0; b < batch; b++) {
          for (let i = 0; i < per; i++) xTBuf[i * batch + b] = xBuf[b * per + i];
        }
        const x = tf.tensor2d(xBuf, [batch, per]);
        const xT = tf.tensor2d(xTBuf, [per, batch]);
        const y = tf.tensor1d(yBuf);
        const loss = optimizer.minimize(() => model.loss(x, y, true, xT), true, model.variables)!;
        lossSum += loss.dataSync()[0];
        batches++;
        steps++;
        tf.dispose([x, xT, y, loss]);
      }
      trainLoss.push(lossSum / Math.max(1, batches));
      const pred = model.predictMovie(validation.movie).slice(history - 1);
      const score = pearson(pred, valTarget);
      validationCorrelation.push(score);
      options.log?.(
        `epoch ${epoch + 1}: loss ${trainLoss[epoch].toFixed(4)}, validation r ${score.toFixed(3)}`,
      );
      options.onEpoch?.(epoch, model);
      if (score > best.score) best = { epoch, score, weights: model.getWeights() };
      else if (epoch - best.epoch >= patience) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    optimizer.dispose();
  }
  if (best.weights) model.setWeights(best.weights);
  return {
    trainLoss,
    validationCorrelation,
    bestEpoch: best.epoch + 1,
    bestValidationCorrelation: best.score,
    seconds: (performance.now() - t0) / 1000,
    steps,
  };
}
