/**
 * A small visual encoder that learns without labels from corridor frames (the exposure phase
 * of Zhong et al. 2025), plus a logistic "lick" readout trained on the rewarded task.
 * Encoder: dense ReLU layers on the (centred) pixels, with one head per unsupervised
 * objective:
 * - `predictive`: a linear decoder that predicts the next frame (next position bin) from the
 *   top layer;
 * - `contrastive`: a linear projection of the top layer for the temporal contrastive loss.
 * The readout sees the top layer z-scored with per-unit statistics fixed before the task
 * (so a group cannot learn faster merely because its units have a larger scale), as a leaky
 * trace over position bins, plus a position code. The losses and the task-learning steps
 * live in src/train/exposure_encoder_fit.ts: this file is the architecture only.
 *
 * @module
 */
import { tf } from "../backend/tf.ts";
import { Rng } from "../util/rng.ts";
import { ensure, InputError } from "../util/errors.ts";

/**
 * The readout also gets the animal's position (which a mouse knows from its own running) as
 * a one-hot code of 0.5 m segments: licking then needs "in the zone" (position) and "in the
 * rewarded corridor" (vision), so learning speed depends on how linearly the encoder's units
 * separate the corridors.
 */
export const POSITION_SEGMENTS = 12;

/**
 * The readout integrates its visual evidence over the lap: it reads a leaky trace of the
 * z-scored units, trace_b = α·trace_{b−1} + (1 − α)·z_b (α = 0.8, ≈ 0.5 m), a minimal
 * recurrent policy. Single frames of a small encoder are noisy evidence of the corridor.
 */
export const TRACE_DECAY = 0.8;

function traceMatrix(n: number): Float32Array {
  const m = new Float32Array(n * n);
  for (let b = 0; b < n; b++) {
    for (let k = 0; k <= b; k++) {
      m[b * n + k] = k === 0 ? TRACE_DECAY ** b : (1 - TRACE_DECAY) * TRACE_DECAY ** (b - k);
    }
  }
  return m;
}

/** The one-hot position code of bin `b` of 60 (`POSITION_SEGMENTS` values). */
export function positionCode(bins: number): Float32Array {
  const out = new Float32Array(bins * POSITION_SEGMENTS);
  for (let b = 0; b < bins; b++) {
    out[
      b * POSITION_SEGMENTS +
      Math.min(POSITION_SEGMENTS - 1, Math.floor((b * POSITION_SEGMENTS) / bins))
    ] = 1;
  }
  return out;
}

/** The unsupervised objectives. */
export const EXPOSURE_OBJECTIVES = ["predictive", "contrastive"] as const;
/** One unsupervised objective. */
export type ExposureObjective = typeof EXPOSURE_OBJECTIVES[number];

/** Options of {@link createExposureEncoder}. */
export interface ExposureEncoderOptions {
  /** Pixels per frame. */
  inputs: number;
  /** Units per hidden layer (default [128, 64]). */
  hidden?: number[];
  /** Projection size of the contrastive head (default 32). */
  projection?: number;
  /** Seed of the initial weights. */
  seed: number;
}

/** The weights `w` [inputs, outputs] and bias `b` [outputs] of one dense layer. */
export interface DenseParams {
  /** Weights, [inputs, outputs]. */
  w: tf.Variable;
  /** Bias, [outputs]. */
  b: tf.Variable;
}

/** The encoder with its unsupervised heads and the task readout. */
export interface ExposureEncoder {
  /** Input features per frame (pixels). */
  inputs: number;
  /** Units of each hidden layer, bottom to top. */
  hidden: number[];
  /** The encoder's layers, bottom to top. */
  layers: DenseParams[];
  /** Next-frame decoder (predictive objective). */
  decoder: DenseParams;
  /** Projection head (contrastive objective). */
  projector: DenseParams;
  /** Lick readout on the z-scored top layer. */
  readout: DenseParams;
  /** Readout weights of the position code (one per {@link POSITION_SEGMENTS} segment). */
  position: tf.Variable;
  /** Per-unit mean and SD of the top layer used by the readout. */
  norm: { mean: Float32Array; sd: Float32Array };
}

function dense(rng: Rng, inputs: number, outputs: number, gain: number, zero = false): DenseParams {
  const w = new Float32Array(inputs * outputs);
  const scale = gain / Math.sqrt(inputs);
  if (!zero) { for (let i = 0; i < w.length; i++) w[i] = scale * rng.normal(); }
  // tidy: the initial tensors are copied into the variables and would otherwise be held
  return tf.tidy(() => ({
    w: tf.variable(tf.tensor2d(w, [inputs, outputs])),
    b: tf.variable(tf.zeros([outputs])),
  }));
}

/**
 * A randomly initialised encoder (He-normal weights from the seed; zero readout).
 *
 * @example
 * ```ts
 * import { createExposureEncoder } from "@prevision/prevision/models";
 * import { useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const enc = createExposureEncoder({ inputs: 512, seed: 1 });
 * ```
 */
export function createExposureEncoder(options: ExposureEncoderOptions): ExposureEncoder {
  const hidden = options.hidden ?? [128, 64];
  ensure(Number.isInteger(options.inputs) && options.inputs > 0, "inputs must be > 0");
  ensure(hidden.length >= 1 && hidden.every((h) => Number.isInteger(h) && h > 0), "bad hidden");
  const rng = new Rng(options.seed, 0xe0c);
  const layers: DenseParams[] = [];
  let fan = options.inputs;
  for (const h of hidden) {
    layers.push(dense(rng, fan, h, Math.SQRT2));
    fan = h;
  }
  const top = hidden[hidden.length - 1];
  return {
    inputs: options.inputs,
    hidden,
    layers,
    decoder: dense(rng, top, options.inputs, 1),
    projector: dense(rng, top, options.projection ?? 32, 1),
    readout: dense(rng, top, 1, 1, true),
    position: tf.tidy(() => tf.variable(tf.zeros([POSITION_SEGMENTS, 1]))),
    norm: { mean: new Float32Array(top), sd: new Float32Array(top).fill(1) },
  };
}

/** Activations of every hidden layer for a batch of frames ([n, inputs]), inside tidy. */
export function encoderForward(enc: ExposureEncoder, x: tf.Tensor2D): tf.Tensor2D[] {
  const out: tf.Tensor2D[] = [];
  let h: tf.Tensor2D = tf.sub(x, 0.5);
  for (const l of enc.layers) {
    h = tf.relu(tf.add(tf.matMul(h, l.w), l.b));
    out.push(h);
  }
  return out;
}

/** Hidden-layer activations of `n` frames (`n·inputs` values) as plain arrays [n·units]. */
export function encoderActivations(
  enc: ExposureEncoder,
  frames: Float32Array,
  n: number,
): Float32Array[] {
  if (frames.length !== n * enc.inputs) {
    throw new InputError(`encoder: ${frames.length} values are not ${n} frames of ${enc.inputs}`);
  }
  const hs = tf.tidy(() => encoderForward(enc, tf.tensor2d(frames, [n, enc.inputs])));
  const out = hs.map((h) => h.dataSync() as Float32Array);
  tf.dispose(hs);
  return out;
}

/** Trainable variables of the encoder layers plus the head of an objective. */
export function exposureVariables(
  enc: ExposureEncoder,
  objective: ExposureObjective,
): tf.Variable[] {
  const head = objective === "predictive" ? enc.decoder : enc.projector;
  return [...enc.layers.flatMap((l) => [l.w, l.b]), head.w, head.b];
}

/**
 * Fixes the readout's per-unit normalisation from top-layer activations
 * (`n·units` values) recorded before the task.
 */
export function calibrateReadout(enc: ExposureEncoder, top: Float32Array): void {
  const u = enc.hidden[enc.hidden.length - 1], n = top.length / u;
  ensure(Number.isInteger(n) && n >= 2, "calibrateReadout: need ≥ 2 frames");
  const mean = new Float32Array(u), sd = new Float32Array(u);
  for (let i = 0; i < n; i++) for (let j = 0; j < u; j++) mean[j] += top[i * u + j] / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < u; j++) sd[j] += (top[i * u + j] - mean[j]) ** 2 / (n - 1);
  }
  for (let j = 0; j < u; j++) sd[j] = Math.sqrt(sd[j]) + 1e-3;
  enc.norm = { mean, sd };
}

/** Lick logits of `n` frames, one per position bin of a lap (inside tidy). */
export function readoutLogits(enc: ExposureEncoder, x: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[0];
  const hs = encoderForward(enc, x);
  const top = hs[hs.length - 1];
  const u = top.shape[1];
  const z = tf.matMul(
    tf.tensor2d(traceMatrix(n), [n, n]),
    tf.div(tf.sub(top, tf.tensor2d(enc.norm.mean, [1, u])), tf.tensor2d(enc.norm.sd, [1, u])),
  );
  const pos = tf.matMul(tf.tensor2d(positionCode(n), [n, POSITION_SEGMENTS]), enc.position);
  return tf.add(tf.add(tf.matMul(z, enc.readout.w), enc.readout.b), pos);
}

/** Frees the encoder's tensors. */
export function disposeEncoder(enc: ExposureEncoder): void {
  for (const d of [...enc.layers, enc.decoder, enc.projector, enc.readout]) {
    d.w.dispose();
    d.b.dispose();
  }
  enc.position.dispose();
}
