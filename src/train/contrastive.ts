/**
 * The temporal contrastive objective of Ligeralde et al. 2023: SimCLR without image
 * augmentations, where the two "views" are frames j and j+k of the same retinal wave.
 * For each ordered positive pair (a, p), the loss is
 *   −log( e^{s_ap/τ} / (e^{s_ap/τ} + Σ_{l in other waves} e^{s_al/τ}) ),  s = cosine similarity,
 * i.e. the other frames of the anchor's own wave are masked out of the denominator.
 * Batches consist of whole waves. Written with matrix products only (no gather), so its
 * gradient needs no scatter kernel on any backend.
 */
import { tf } from "../backend/tf.ts";
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/rng.ts";

/** Options of {@link temporalContrastiveLoss}. */
export interface ContrastiveOptions {
  /** Temporal separation of positive pairs, in frames (default 1). */
  k?: number;
  /** Temperature τ (default 0.5). */
  tau?: number;
}

/**
 * Ordered positive pairs: (i, j) and (j, i) for frames of one wave that are k apart.
 *
 * @example
 * ```ts
 * import { temporalPairs } from "@prevision/prevision/train";
 * temporalPairs([0, 0, 0, 1, 1], [0, 1, 2, 0, 1], 1);
 * // { anchor: [0, 1, 1, 2, 3, 4], positive: [1, 0, 2, 1, 4, 3] }
 * ```
 */
export function temporalPairs(
  waveIds: ArrayLike<number>,
  times: ArrayLike<number>,
  k = 1,
): { anchor: number[]; positive: number[] } {
  const anchor: number[] = [];
  const positive: number[] = [];
  const n = waveIds.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (waveIds[i] === waveIds[j] && Math.abs(times[j] - times[i]) === k) {
        anchor.push(i, j);
        positive.push(j, i);
      }
    }
  }
  return { anchor, positive };
}

/**
 * The settings every contrastive loss here shares (k, τ and the batch size n), checked against
 * the batch: one wave id and one time per embedding, τ > 0.
 *
 * @example
 * ```ts
 * import { contrastiveSettings } from "./contrastive.ts";
 * import { tf } from "@prevision/prevision";
 * const { k, tau, n } = contrastiveSettings(tf.zeros([2, 3]), [0, 1], [0, 0], {}); // 1, 0.5, 2
 * ```
 */
export function contrastiveSettings(
  z: tf.Tensor2D,
  waveIds: ArrayLike<number>,
  times: ArrayLike<number>,
  options: ContrastiveOptions,
): { k: number; tau: number; n: number } {
  const k = options.k ?? 1;
  const tau = options.tau ?? 0.5;
  const n = z.shape[0];
  if (waveIds.length !== n || times.length !== n) {
    throw new InputError(`contrastive loss: ${n} embeddings but ${waveIds.length} wave ids`);
  }
  if (!(tau > 0)) throw new InputError(`contrastive loss: τ must be positive, got ${tau}`);
  return { k, tau, n };
}

/**
 * The loss for L2-normalised embeddings `z` ([n, d]) of frames with the given wave ids and
 * frame times. Throws an InputError when the batch has no positive pair or one wave only.
 *
 * @example
 * ```ts
 * import { temporalContrastiveLoss } from "@prevision/prevision/train";
 * import { tf, useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const z = tf.tensor2d([[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8]]);
 * const loss = temporalContrastiveLoss(z, [0, 0, 1, 1], [0, 1, 0, 1]);
 * ```
 */
export function temporalContrastiveLoss(
  z: tf.Tensor2D,
  waveIds: ArrayLike<number>,
  times: ArrayLike<number>,
  options: ContrastiveOptions = {},
): tf.Scalar {
  const { k, tau, n } = contrastiveSettings(z, waveIds, times, options);
  const { anchor, positive } = temporalPairs(waveIds, times, k);
  if (anchor.length === 0) {
    throw new InputError(`contrastive loss: no frame pairs ${k} apart within a wave`);
  }
  if (new Set(Array.from(waveIds)).size < 2) {
    throw new InputError("contrastive loss: a batch needs frames of at least two waves");
  }
  const pairs = anchor.length;
  const selectA = new Float32Array(pairs * n);
  const selectP = new Float32Array(pairs * n);
  for (let q = 0; q < pairs; q++) {
    selectA[q * n + anchor[q]] = 1;
    selectP[q * n + positive[q]] = 1;
  }
  // 0 for other-wave pairs (negatives), −1e9 for same-wave pairs (masked, incl. the diagonal).
  const mask = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) mask[i * n + j] = waveIds[i] === waveIds[j] ? -1e9 : 0;
  }
  return tf.tidy(() => {
    const a = tf.tensor2d(selectA, [pairs, n]);
    const p = tf.tensor2d(selectP, [pairs, n]);
    const sim = tf.div(tf.matMul(z, z, false, true), tau);
    const negLse = tf.logSumExp(tf.add(sim, tf.tensor2d(mask, [n, n])), 1, true); // [n, 1]
    const za = tf.matMul(a, z);
    const zp = tf.matMul(p, z);
    const sPos = tf.div(tf.sum(tf.mul(za, zp), 1, true), tau); // [pairs, 1]
    const lseA = tf.matMul(a, negLse); // [pairs, 1]
    const denominator = tf.logSumExp(tf.concat([sPos, lseA], 1), 1);
    return tf.mean(tf.sub(denominator, tf.squeeze(sPos, [1]))) as tf.Scalar;
  });
}

/** A wave cut out of a movie: its frames (each `size`×`size`, values in [0, 1]). */
export interface WaveClip {
  /** Frame side in pixels. */
  size: number;
  /** frames·size·size values. */
  frames: Float32Array;
  /** Number of frames. */
  count: number;
}

/** One batch of whole waves: stacked frames plus each frame's wave index and time. */
export interface WaveBatch {
  /** frames·size·size values. */
  x: Float32Array;
  /** Wave index (within the batch) of every frame. */
  waveIds: number[];
  /** Frame index within its wave of every frame. */
  times: number[];
}

/**
 * Groups clips into batches of whole waves (shuffled by `rng`), each holding at most
 * `maxFrames` frames and at least two waves. A wave longer than `maxFramesPerWave` keeps a
 * random contiguous window of that length, so temporal neighbours stay neighbours.
 *
 * @example
 * ```ts
 * import { Rng } from "@prevision/prevision";
 * import { waveBatches } from "@prevision/prevision/train";
 * const clip = { size: 2, count: 3, frames: new Float32Array(12) };
 * const batches = waveBatches([clip, clip, clip], 6, 3, new Rng(1)); // 2 batches
 * ```
 */
export function waveBatches(
  clips: WaveClip[],
  maxFrames: number,
  maxFramesPerWave: number,
  rng: Rng,
): WaveBatch[] {
  const usable = clips.filter((c) => c.count >= 2);
  const order = rng.permutation(usable.length);
  const batches: WaveBatch[] = [];
  let current: { clip: WaveClip; start: number; count: number }[] = [];
  let frames = 0;
  const flush = () => {
    if (current.length >= 2) {
      const size = current[0].clip.size;
      const x = new Float32Array(frames * size * size);
      const waveIds: number[] = [];
      const times: number[] = [];
      let at = 0;
      current.forEach(({ clip, start, count }, w) => {
        x.set(clip.frames.subarray(start * size * size, (start + count) * size * size), at);
        at += count * size * size;
        for (let t = 0; t < count; t++) {
          waveIds.push(w);
          times.push(t);
        }
      });
      batches.push({ x, waveIds, times });
    }
    current = [];
    frames = 0;
  };
  for (const index of order) {
    const clip = usable[index];
    const count = Math.min(clip.count, maxFramesPerWave, maxFrames);
    const start = rng.int(clip.count - count + 1);
    if (frames + count > maxFrames) flush();
    current.push({ clip, start, count });
    frames += count;
  }
  flush();
  return batches;
}
