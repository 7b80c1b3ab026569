/**
 * Training of the exposure encoder (src/models/exposure_encoder.ts): the unsupervised loss
 * of the exposure phase (next-frame prediction or the temporal contrastive loss of
 * ./contrastive.ts: positives are frames one bin apart within a short clip, negatives frames
 * of the other clips of the batch) and the task-learning steps of the lick readout, with a
 * plastic or a frozen encoder.
 *
 * @module
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import {
  encoderForward,
  type ExposureEncoder,
  type ExposureObjective,
  POSITION_SEGMENTS,
  readoutLogits,
  TRACE_DECAY,
} from "../models/exposure_encoder.ts";
import { temporalContrastiveLoss } from "./contrastive.ts";

/** One minibatch of the unsupervised objective (frames as [n, inputs]). */
export interface ExposureBatch {
  /** Frames, `[n, inputs]` row-major. */
  x: Float32Array;
  /** Predictive: next frames, same layout as x. */
  next?: Float32Array;
  /** Contrastive: clip index of every frame. */
  clipIds?: number[];
  /** Contrastive: time of every frame within its clip. */
  times?: number[];
}

/**
 * The unsupervised loss of a batch (a scalar tensor; call inside an optimizer step).
 *
 * @example One predictive step on random frames
 * ```ts
 * import { createExposureEncoder, exposureVariables } from "@prevision/prevision/models";
 * import { tf } from "@prevision/prevision";
 * import { exposureLoss } from "@prevision/prevision/train";
 * const enc = createExposureEncoder({ inputs: 16, hidden: [8], seed: 1 });
 * const batch = { x: new Float32Array(4 * 16).fill(0.5), next: new Float32Array(4 * 16) };
 * const vars = exposureVariables(enc, "predictive");
 * tf.train.adam(1e-3).minimize(() => exposureLoss(enc, batch, "predictive"), false, vars);
 * ```
 */
export function exposureLoss(
  enc: ExposureEncoder,
  batch: ExposureBatch,
  objective: ExposureObjective,
): tf.Scalar {
  const n = batch.x.length / enc.inputs;
  const hs = encoderForward(enc, tf.tensor2d(batch.x, [n, enc.inputs]));
  const top = hs[hs.length - 1];
  if (objective === "predictive") {
    if (!batch.next) throw new InputError("predictive exposure needs next frames");
    const pred = tf.add(tf.matMul(top, enc.decoder.w), enc.decoder.b);
    return tf.losses.meanSquaredError(
      tf.sub(tf.tensor2d(batch.next, [n, enc.inputs]), 0.5),
      pred,
    ) as tf.Scalar;
  }
  if (!batch.clipIds || !batch.times) throw new InputError("contrastive exposure needs clips");
  const z = tf.add(tf.matMul(top, enc.projector.w), enc.projector.b);
  const zn = tf.div(z, tf.add(tf.norm(z, 2, 1, true), 1e-6)) as tf.Tensor2D;
  return temporalContrastiveLoss(zn, batch.clipIds, batch.times, { k: 1, tau: 0.2 });
}

/**
 * One trial of task learning with a plastic encoder: returns the lick probabilities the
 * agent had on the trial (before learning from it), then takes one SGD step on the binary
 * cross-entropy to the reward targets: the readout with rate `lr`, the encoder layers with
 * `encoderLr` (smaller: its gradients are larger and a readout-sized step diverges).
 *
 * @example One trial of 60 position bins, rewarded in the last ten
 * ```ts
 * import { createExposureEncoder } from "@prevision/prevision/models";
 * import { taskTrial } from "@prevision/prevision/train";
 * const enc = createExposureEncoder({ inputs: 16, hidden: [8], seed: 1 });
 * const targets = new Float32Array(60).fill(0, 0, 50).fill(1, 50);
 * const probs = taskTrial(enc, new Float32Array(60 * 16), targets, 0.1, 0.01); // 0.5 at first
 * ```
 */
export function taskTrial(
  enc: ExposureEncoder,
  frames: Float32Array,
  targets: Float32Array,
  lr: number,
  encoderLr: number,
): Float32Array {
  const n = targets.length;
  if (frames.length !== n * enc.inputs) throw new InputError("taskTrial: frames ≠ targets");
  let probs: Float32Array | null = null;
  const readout = [enc.readout.w, enc.readout.b, enc.position];
  const layers = enc.layers.flatMap((l) => [l.w, l.b]);
  const { value, grads } = tf.variableGrads(() => {
    const logits = readoutLogits(enc, tf.tensor2d(frames, [n, enc.inputs]));
    probs = tf.sigmoid(logits).dataSync() as Float32Array;
    return tf.losses.sigmoidCrossEntropy(tf.tensor2d(targets, [n, 1]), logits) as tf.Scalar;
  }, [...readout, ...layers]);
  tf.tidy(() => {
    for (const v of readout) v.assign(tf.sub(v, tf.mul(grads[v.name], lr)));
    for (const v of layers) v.assign(tf.sub(v, tf.mul(grads[v.name], encoderLr)));
  });
  value.dispose();
  tf.dispose(Object.values(grads));
  return probs!;
}

/**
 * The same task step as {@link taskTrial} for a frozen encoder, in plain arithmetic on
 * precomputed top-layer activations (`bins·units` values): returns the lick probabilities
 * before the update, then updates `readout` (unit weights, position weights, bias:
 * `units + POSITION_SEGMENTS + 1` values) by one SGD step on the mean binary cross-entropy.
 *
 * @example
 * ```ts
 * import { POSITION_SEGMENTS } from "@prevision/prevision/models";
 * import { frozenTaskTrial } from "@prevision/prevision/train";
 * const readout = new Float64Array(1 + POSITION_SEGMENTS + 1); // 1 unit
 * const top = new Float32Array(60).fill(1), targets = new Float32Array(60);
 * const probs = frozenTaskTrial(readout, top, [0], [1], targets, 0.5); // all 0.5 before
 * ```
 */
export function frozenTaskTrial(
  readout: Float64Array,
  top: Float32Array,
  mean: ArrayLike<number>,
  sd: ArrayLike<number>,
  targets: Float32Array,
  lr: number,
): Float32Array {
  const units = readout.length - POSITION_SEGMENTS - 1, bins = targets.length;
  if (units < 1 || top.length !== bins * units) {
    throw new InputError("frozenTaskTrial: activations ≠ bins × units");
  }
  const probs = new Float32Array(bins);
  const grad = new Float64Array(readout.length);
  const z = new Float64Array(units);
  const bias = readout.length - 1;
  for (let b = 0; b < bins; b++) {
    const seg = units + Math.min(POSITION_SEGMENTS - 1, Math.floor((b * POSITION_SEGMENTS) / bins));
    let a = readout[bias] + readout[seg];
    for (let u = 0; u < units; u++) {
      const now = (top[b * units + u] - mean[u]) / sd[u];
      z[u] = b === 0 ? now : TRACE_DECAY * z[u] + (1 - TRACE_DECAY) * now;
      a += readout[u] * z[u];
    }
    const p = 1 / (1 + Math.exp(-a));
    probs[b] = p;
    const e = (p - targets[b]) / bins;
    for (let u = 0; u < units; u++) grad[u] += e * z[u];
    grad[seg] += e;
    grad[bias] += e;
  }
  for (let i = 0; i < readout.length; i++) readout[i] -= lr * grad[i];
  return probs;
}
