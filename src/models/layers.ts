/**
 * Small building blocks shared by the ResNet encoder and the projector: seeded He-normal
 * weights, batch norm with running statistics that are updated after each optimiser step
 * (the training loop calls {@linkcode applyBnUpdates}, hence public).
 *
 * @module
 */
import { tf } from "../backend/tf.ts";
import { batchNormTrain, type BatchStats } from "../ops/conv_rnn.ts";
import { Rng } from "../util/rng.ts";

/** A batch-norm layer: trainable scale/offset plus running statistics. */
export interface BatchNorm {
  /** Trainable scale per channel. */
  gamma: tf.Variable;
  /** Trainable offset per channel. */
  beta: tf.Variable;
  /** Running mean per channel, used outside training. */
  runningMean: tf.Variable;
  /** Running variance per channel, used outside training. */
  runningVar: tf.Variable;
}

/** Batch statistics recorded during a training forward pass, applied after the step. */
export type BnUpdates = { bn: BatchNorm; mean: tf.Tensor; variance: tf.Tensor }[];

/** Holds every variable of a model so it can be listed, saved and disposed. */
export class ParamStore {
  /** Variables the optimiser updates. */
  readonly trainable: tf.Variable[] = [];
  /** Variables updated outside the optimiser (batch-norm running statistics). */
  readonly state: tf.Variable[] = [];
  #rng: Rng;

  /** A store whose weights are drawn from stream `stream` of seed `seed`. */
  constructor(seed: number, stream: number) {
    this.#rng = new Rng(seed, stream);
  }

  /** Normal(0, std²) weights, drawn from the store's seeded generator. */
  normal(shape: number[], std: number): tf.Variable {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = std * this.#rng.normal();
    // tidy: the initial tensor is copied into the variable and would otherwise be held forever
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
    this.trainable.push(v);
    return v;
  }

  /** A constant-filled variable (trainable or running state). */
  fill(shape: number[], value: number, trainable: boolean): tf.Variable {
    const v = tf.tidy(() => tf.variable(tf.fill(shape, value), trainable));
    (trainable ? this.trainable : this.state).push(v);
    return v;
  }

  /** A batch-norm layer over `channels` channels (scale 1, offset 0, unit running variance). */
  batchNorm(channels: number): BatchNorm {
    return {
      gamma: this.fill([channels], 1, true),
      beta: this.fill([channels], 0, true),
      runningMean: this.fill([channels], 0, false),
      runningVar: this.fill([channels], 1, false),
    };
  }

  /** Frees every variable of the store. */
  dispose(): void {
    tf.dispose([...this.trainable, ...this.state]);
  }
}

const EPS = 1e-5;

/**
 * Batch norm over every axis but the last. In training it normalises with the batch moments
 * and records them in `updates`; otherwise it uses the running statistics.
 */
export function batchNorm(
  x: tf.Tensor,
  bn: BatchNorm,
  training: boolean,
  updates?: BnUpdates,
): tf.Tensor {
  if (!training) {
    return tf.batchNorm(x, bn.runningMean, bn.runningVar, bn.beta, bn.gamma, EPS);
  }
  // One fused kernel forward and one backward on wasm (src/ops/conv_rnn.ts); tfjs's
  // autodiff of moments + batchNorm spent most of a ResNet-18 step in Tile and Sum.
  const stats: BatchStats = {};
  const y = batchNormTrain(
    x,
    bn.gamma as tf.Tensor1D,
    bn.beta as tf.Tensor1D,
    EPS,
    updates ? stats : undefined,
  );
  if (updates) updates.push({ bn, mean: stats.mean!, variance: stats.variance! });
  return y;
}

/**
 * Folds recorded batch moments into the running statistics (PyTorch momentum 0.1).
 *
 * @example A training-mode forward pass, then the running statistics updated
 * ```ts
 * import { tf } from "@prevision/prevision";
 * import { applyBnUpdates, batchNorm, type BnUpdates, ParamStore } from "@prevision/prevision/models";
 * const store = new ParamStore(1, 0);
 * const bn = store.batchNorm(3);
 * const updates: BnUpdates = [];
 * tf.tidy(() => batchNorm(tf.randomNormal([8, 3]), bn, true, updates));
 * applyBnUpdates(updates); // after the optimiser step
 * store.dispose();
 * ```
 */
export function applyBnUpdates(updates: BnUpdates, momentum = 0.1): void {
  for (const { bn, mean, variance } of updates) {
    tf.tidy(() => {
      bn.runningMean.assign(tf.add(tf.mul(bn.runningMean, 1 - momentum), tf.mul(mean, momentum)));
      // PyTorch keeps the unbiased variance in its running estimate; the batch is large enough
      // here for the difference not to matter, so the biased moment is used as is.
      bn.runningVar.assign(
        tf.add(tf.mul(bn.runningVar, 1 - momentum), tf.mul(variance, momentum)),
      );
    });
    tf.dispose([mean, variance]);
  }
  updates.length = 0;
}
