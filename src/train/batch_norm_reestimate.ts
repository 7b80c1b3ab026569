/**
 * Batch-norm statistics re-estimated on new data with the weights unchanged: a diagnostic
 * that separates what pre-training taught the weights from what it taught the
 * normalisation (a network evaluated on a new movie with the running statistics of another
 * can look bad, or good, for that reason alone).
 */
import { tf } from "../backend/tf.ts";
import { forwardFramePredictor, TimeBatchNorm } from "../models/mod.ts";
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
