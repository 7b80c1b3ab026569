/**
 * Receptive fields of a trained frame predictor's hidden units: activation maximisation
 * (the static input that most excites a unit) and responses to static sinusoidal
 * gratings (orientations × spatial frequencies × phases). A "unit" is one channel of a
 * recurrent layer's output (after batch norm) at the centre pixel on the last time step.
 */
import { tf } from "../backend/tf.ts";
import { Rng } from "../util/rng.ts";
import { InputError } from "../util/errors.ts";

/** Which unit to probe. */
export interface UnitProbe {
  /** Index of the recurrent block (0-based; default: the last). */
  block?: number;
  /** Channel of that block. */
  channel: number;
}

/** Output of the probed block for inputs [b, t, h, w, 1] (inference mode): [b, channels]. */
function unitResponses(
  model: tf.LayersModel,
  x: tf.Tensor,
  block: number | undefined,
): tf.Tensor2D {
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  const norms = layers.map((l, i) => [l, i] as const).filter(([l]) =>
    l.getClassName() === "PrevisionTimeBatchNorm"
  );
  if (norms.length === 0) throw new InputError("model has no recurrent blocks to probe");
  const which = block ?? norms.length - 1;
  if (which < 0 || which >= norms.length) {
    throw new InputError(`block must be in [0, ${norms.length - 1}]`);
  }
  const stop = norms[which][1];
  let y = x;
  for (let i = 0; i <= stop; i++) y = layers[i].apply(y, { training: false }) as tf.Tensor;
  const [b, t, h, w, c] = y.shape as number[];
  const cy = Math.floor(h / 2), cx = Math.floor(w / 2);
  return y.reshape([b, t, h * w * c]).slice([0, t - 1, (cy * w + cx) * c], [b, 1, c]).reshape([
    b,
    c,
  ]) as tf.Tensor2D;
}

/** Options of {@link activationMaximisation}. */
export interface ActivationMaxOptions extends UnitProbe {
  /** Gradient-ascent steps. */
  steps?: number;
  /** Step size of the ascent. */
  learningRate?: number;
  /** Weight of the L2 penalty on (image − 0.5). */
  l2?: number;
  /** Seeds the starting image. */
  seed?: number;
}

/**
 * Gradient ascent on a static image in [0, 1] (shown on every input frame) to maximise a
 * unit's response; returns the image (h·w) and the response it reaches.
 *
 * @example
 * ```ts
 * import { activationMaximisation } from "@prevision/prevision/analysis";
 * // const { image } = activationMaximisation(model, { channel: 0 });
 * ```
 */
export function activationMaximisation(
  model: tf.LayersModel,
  options: ActivationMaxOptions,
): { image: Float32Array; response: number } {
  const [, t, h, w] = model.inputs[0].shape as number[];
  const rng = new Rng(options.seed ?? 1, 0xa11);
  const init = Float32Array.from({ length: h * w }, () => rng.range(-0.1, 0.1));
  const logits = tf.variable(tf.tensor2d(init, [h, w]));
  const optimizer = tf.train.adam(options.learningRate ?? 0.1);
  const l2 = options.l2 ?? 1e-3;
  const image = () => tf.sigmoid(logits);
  // stack, not tile: tfjs has no gradient for a rank-5 tile
  const clip = (img: tf.Tensor) => tf.stack(Array(t).fill(img.reshape([1, h, w, 1])), 1);
  for (let s = 0; s < (options.steps ?? 100); s++) {
    const loss = optimizer.minimize(() => {
      const img = image();
      const r = unitResponses(model, clip(img), options.block).slice([0, options.channel], [1, 1])
        .sum();
      return tf.neg(r).add(tf.sum(tf.square(img.sub(0.5))).mul(l2)) as tf.Scalar;
    }, true);
    loss?.dispose();
  }
  const img = image();
  const r = unitResponses(model, clip(img), options.block);
  const out = { image: img.dataSync() as Float32Array, response: r.dataSync()[options.channel] };
  tf.dispose([img, r, logits]);
  optimizer.dispose();
  return out;
}

/** Options of {@link gratingResponses}. */
export interface GratingOptions {
  /** Index of the recurrent block to probe (0-based; default: the last). */
  block?: number;
  /** Orientations, evenly spaced over 180° (default 6). */
  orientations?: number;
  /** Spatial frequencies in cycles per image (default five, geometric from 1 to size/4). */
  frequencies?: number[];
  /** Phases, evenly spaced over 360° (default 4). */
  phases?: number;
}

/** Responses of every channel to every grating. */
export interface GratingResponses {
  /** Orientations in radians. */
  orientations: number[];
  /** Cycles per image. */
  frequencies: number[];
  /** Phases in radians. */
  phases: number[];
  /** responses[channel][orientation][frequency][phase]. */
  responses: number[][][][];
}

/**
 * Responses to static gratings 0.5 + 0.5·cos(2πf(x cos θ + y sin θ)/size + φ), shown on every
 * input frame (default 6 orientations × 5 frequencies × 4 phases).
 *
 * @example
 * ```ts
 * import { gratingResponses } from "@prevision/prevision/analysis";
 * // const g = gratingResponses(model); g.responses[channel][o][f][p]
 * ```
 */
export function gratingResponses(
  model: tf.LayersModel,
  options: GratingOptions = {},
): GratingResponses {
  const [, t, h, w] = model.inputs[0].shape as number[];
  const nO = options.orientations ?? 6, nP = options.phases ?? 4;
  const maxF = Math.max(2, Math.min(h, w) / 4);
  const frequencies = options.frequencies ??
    Array.from({ length: 5 }, (_, i) => Math.pow(maxF, i / 4));
  const orientations = Array.from({ length: nO }, (_, i) => (Math.PI * i) / nO);
  const phases = Array.from({ length: nP }, (_, i) => (2 * Math.PI * i) / nP);
  const n = nO * frequencies.length * nP;
  const frames = new Float32Array(n * h * w);
  let k = 0;
  for (const th of orientations) {
    for (const f of frequencies) {
      for (const ph of phases) {
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const u = (x - w / 2) * Math.cos(th) + (y - h / 2) * Math.sin(th);
            frames[k * h * w + y * w + x] = 0.5 + 0.5 * Math.cos((2 * Math.PI * f * u) / w + ph);
          }
        }
        k++;
      }
    }
  }
  const r = tf.tidy(() => {
    const img = tf.tensor4d(frames, [n, 1, h, w]).reshape([n, 1, h, w, 1]);
    return unitResponses(model, tf.tile(img, [1, t, 1, 1, 1]), options.block);
  });
  const values = r.dataSync();
  const channels = r.shape[1];
  r.dispose();
  const responses = Array.from(
    { length: channels },
    (_, c) =>
      orientations.map((_, o) =>
        frequencies.map((_, fi) =>
          phases.map((_, p) => values[(((o * frequencies.length + fi) * nP) + p) * channels + c])
        )
      ),
  );
  return { orientations, frequencies, phases, responses };
}

/**
 * Orientation selectivity of one channel: |Σ r(θ) e^{2iθ}| / Σ r(θ), with r(θ) the
 * phase-averaged response at the preferred frequency, shifted to be non-negative.
 *
 * @example
 * ```ts
 * import { orientationSelectivity } from "@prevision/prevision/analysis";
 * // orientationSelectivity(g, 0) → value in [0, 1]
 * ```
 */
export function orientationSelectivity(
  g: GratingResponses,
  channel: number,
): { osi: number; preferredOrientation: number; preferredFrequency: number } {
  const r = g.responses[channel];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const byFreq = g.frequencies.map((_, f) =>
    Math.max(...g.orientations.map((_, o) => mean(r[o][f])))
  );
  const bestF = byFreq.indexOf(Math.max(...byFreq));
  const tuning = g.orientations.map((_, o) => mean(r[o][bestF]));
  const lo = Math.min(...tuning);
  const shifted = tuning.map((v) => v - lo);
  const total = shifted.reduce((a, b) => a + b, 0);
  let re = 0, im = 0;
  g.orientations.forEach((th, o) => {
    re += shifted[o] * Math.cos(2 * th);
    im += shifted[o] * Math.sin(2 * th);
  });
  const pref = tuning.indexOf(Math.max(...tuning));
  return {
    osi: total > 0 ? Math.hypot(re, im) / total : 0,
    preferredOrientation: g.orientations[pref],
    preferredFrequency: g.frequencies[bestF],
  };
}
