/**
 * The contrastive loss of Ligeralde et al. 2023 as their code computes it (losses.py,
 * `SimCLR_Loss` with variable wave sizes): one term per anchor frame i,
 *   ℓ_i = −log( Σ_{p ∈ P(i)} e^{s_ip/τ} / Σ_{l in other waves} e^{s_il/τ} ),
 * P(i) the frames of i's own wave exactly k frames away (both sides), s the cosine
 * similarity. The whole own-wave block, positives included, is left out of the denominator,
 * and anchors with no positive in the batch are dropped from the mean. (The textbook
 * InfoNCE, one term per positive pair with the positive in the denominator, is
 * {@link temporalContrastiveLoss}.)
 *
 * @module
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import { type ContrastiveOptions, contrastiveSettings } from "./contrastive.ts";

const MASKED = -1e9;

/**
 * The loss for L2-normalised embeddings `z` ([n, d]) of frames with the given wave ids and
 * frame times. Throws an InputError when no anchor has a positive or the batch holds one
 * wave only. Matrix products and masks only, so its gradient needs no scatter kernel.
 *
 * @example
 * ```ts
 * import { waveBlockContrastiveLoss } from "@prevision/prevision/train";
 * import { tf, useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const z = tf.tensor2d([[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8]]);
 * const loss = waveBlockContrastiveLoss(z, [0, 0, 1, 1], [0, 1, 0, 1]);
 * ```
 */
export function waveBlockContrastiveLoss(
  z: tf.Tensor2D,
  waveIds: ArrayLike<number>,
  times: ArrayLike<number>,
  options: ContrastiveOptions = {},
): tf.Scalar {
  const { k, tau, n } = contrastiveSettings(z, waveIds, times, options);
  if (new Set(Array.from(waveIds)).size < 2) {
    throw new InputError("contrastive loss: a batch needs frames of at least two waves");
  }
  const pos = new Float32Array(n * n).fill(MASKED);
  const neg = new Float32Array(n * n).fill(MASKED);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (waveIds[i] !== waveIds[j]) neg[i * n + j] = 0;
      else if (Math.abs(times[i] - times[j]) === k) {
        pos[i * n + j] = 0;
        weight[i] = 1;
      }
    }
  }
  const anchors = weight.reduce((a, b) => a + b, 0);
  if (anchors === 0) {
    throw new InputError(`contrastive loss: no frame pairs ${k} apart within a wave`);
  }
  return tf.tidy(() => {
    const sim = tf.div(tf.matMul(z, z, false, true), tau);
    const lsePos = tf.logSumExp(tf.add(sim, tf.tensor2d(pos, [n, n])), 1);
    const lseNeg = tf.logSumExp(tf.add(sim, tf.tensor2d(neg, [n, n])), 1);
    // Anchors without a positive get weight 0 (their masked log-sum is finite, ≈ −1e9).
    const terms = tf.mul(tf.sub(lseNeg, lsePos), tf.tensor1d(weight));
    return tf.div(tf.sum(terms), anchors) as tf.Scalar;
  });
}
