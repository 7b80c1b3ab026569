/**
 * Batch-norm statistics re-estimated on new data with the weights unchanged: a diagnostic
 * that separates what pre-training taught the weights from what it taught the
 * normalisation (a network evaluated on a new movie with the running statistics of another
 * can look bad, or good, for that reason alone).
 */
import { tf } from "../backend/tf.ts";
import {
  type BatchNorm,
  type BnUpdates,
  forwardFramePredictor,
  TimeBatchNorm,
} from "../models/mod.ts";
import type { ClipData } from "./clips.ts";

/**
 * Runs `evaluateWith` on `model` after resetting every batch norm's running statistics and
 * re-estimating them from `data` (forward passes in training mode, momentum 0.1, over all
 * clips in order; no weight changes), then restores the model's original weights.
 *
 * @example
 * ```ts
 * import { buildFramePredictor } from "@prevision/prevision/models";
 * import { evaluate, MovieClips, withReestimatedBatchNorm } from "@prevision/prevision/train";
 * const model = buildFramePredictor({ cell: "rnn", channels: 4, kernel: 3, size: 8, frames: 2, layers: 3 }, 1);
 * const clips = new MovieClips(new Float32Array(9 * 64), 8, 8, 2, [0, 3, 6]);
 * const loss = await withReestimatedBatchNorm(model, clips, 2, () => evaluate(model, clips, 2));
 * ```
 */
export async function withReestimatedBatchNorm<T>(
  model: tf.LayersModel,
  data: ClipData,
  batchSize: number,
  evaluateWith: () => Promise<T>,
): Promise<T> {
  const saved = model.getWeights().map((w) => w.clone());
  try {
    for (const layer of model.layers) {
      if (!(layer instanceof TimeBatchNorm)) continue;
      const [gamma, beta, mean, variance] = layer.getWeights();
      layer.setWeights([gamma, beta, tf.zerosLike(mean), tf.onesLike(variance)]);
    }
    for (let start = 0; start < data.count; start += batchSize) {
      const indices = Array.from(
        { length: Math.min(batchSize, data.count - start) },
        (_, i) => start + i,
      );
      const { x } = data.batch(indices);
      tf.tidy(() => {
        const xs = tf.tensor5d(x, [indices.length, data.frames, data.height, data.width, 1]);
        forwardFramePredictor(model, xs, true);
      });
    }
    return await evaluateWith();
  } finally {
    model.setWeights(saved);
    tf.dispose(saved);
  }
}

/**
 * The same re-estimation for the models built on `ParamStore` batch norms (ResNet encoder,
 * projector): `forward(b, updates)` runs batch `b` of `batches` in training mode, recording
 * its batch moments in `updates`; every batch norm met gets as running statistics the mean
 * of its batch moments over all batches (PyTorch's cumulative average, momentum None). The
 * weights are untouched; callers that want the old statistics back save `params.state`.
 * This is what the linear probe of Ligeralde et al. gets from training with the encoder in
 * `train()` mode: statistics of the probe images, not of the pre-training waves.
 *
 * @example
 * ```ts
 * import { ResNetEncoder, RESNET18 } from "@prevision/prevision/models";
 * import { reestimateRunningStatistics } from "@prevision/prevision/train";
 * import { tf, useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const enc = new ResNetEncoder({ ...RESNET18, inChannels: 1, widths: [4], blocks: [1] }, 1);
 * const images = tf.randomUniform([8, 16, 16, 1]) as tf.Tensor4D;
 * reestimateRunningStatistics(2, (b, updates) => {
 *   tf.tidy(() => enc.apply(images.slice(4 * b, 4), true, updates).features);
 * });
 * ```
 */
export function reestimateRunningStatistics(
  batches: number,
  forward: (batch: number, updates: BnUpdates) => void,
): void {
  const sums = new Map<BatchNorm, { mean: tf.Tensor; variance: tf.Tensor }>();
  try {
    for (let b = 0; b < batches; b++) {
      const updates: BnUpdates = [];
      forward(b, updates);
      for (const { bn, mean, variance } of updates) {
        const old = sums.get(bn);
        if (old) {
          sums.set(bn, {
            mean: tf.keep(tf.add(old.mean, mean)),
            variance: tf.keep(tf.add(old.variance, variance)),
          });
          tf.dispose([old.mean, old.variance, mean, variance]);
        } else sums.set(bn, { mean, variance });
      }
    }
    for (const [bn, { mean, variance }] of sums) {
      tf.tidy(() => {
        bn.runningMean.assign(tf.div(mean, batches));
        bn.runningVar.assign(tf.div(variance, batches));
      });
    }
  } finally {
    for (const { mean, variance } of sums.values()) tf.dispose([mean, variance]);
  }
}
