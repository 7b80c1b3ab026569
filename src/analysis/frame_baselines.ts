/**
 * Model-free baselines for next-frame prediction, scored with the same loss as the models
 * (summed squared error of the predicted frame, per sample): a network that learns nothing
 * about motion can still match these, so a claim that it predicts must beat them.
 *
 * - `copyLast`: predict the last input frame;
 * - `inputMean`: predict the mean of the input frames;
 * - `trainMean`: predict the mean target frame of the training clips;
 * - `grey`: predict 0.5 everywhere (what an untrained sigmoid readout outputs);
 * - `dark`: predict 0 everywhere.
 */
import { InputError } from "../util/errors.ts";

/** Clips as the trainer sees them: inputs [n, frames, h, w] and targets [n, h, w]. */
export interface BaselineClips {
  /** Number of clips. */
  readonly count: number;
  /** Input frames per clip. */
  readonly frames: number;
  /** Frame height. */
  readonly height: number;
  /** Frame width. */
  readonly width: number;
  /** Inputs [n, frames, h, w, 1] and targets [n, h, w, 1] of the clips `indices`. */
  batch(indices: readonly number[]): { x: Float32Array; y: Float32Array };
}

/** The baselines, in report order. */
export const FRAME_BASELINES = ["copyLast", "inputMean", "trainMean", "grey", "dark"] as const;
/** One of {@link FRAME_BASELINES}. */
export type FrameBaseline = typeof FRAME_BASELINES[number];

/**
 * The mean target frame of a set of clips (the `trainMean` prediction).
 *
 * @example
 * ```ts
 * import { meanTargetFrame } from "@prevision/prevision/analysis";
 * const clips = { count: 1, frames: 1, height: 1, width: 2,
 *   batch: () => ({ x: new Float32Array(2), y: Float32Array.of(0.2, 0.4) }) };
 * meanTargetFrame(clips); // Float32Array [0.2, 0.4]
 * ```
 */
export function meanTargetFrame(clips: BaselineClips): Float32Array {
  if (clips.count < 1) throw new InputError("mean target frame: no clips");
  const n = clips.height * clips.width;
  const sum = new Float64Array(n);
  for (let i = 0; i < clips.count; i++) {
    const { y } = clips.batch([i]);
    for (let p = 0; p < n; p++) sum[p] += y[p];
  }
  return Float32Array.from(sum, (v) => v / clips.count);
}

/**
 * Per-sample summed squared error of every baseline on `clips`; `trainMean` is the mean
 * target frame of the training clips (see {@link meanTargetFrame}).
 *
 * @example
 * ```ts
 * import { frameBaselineLosses } from "@prevision/prevision/analysis";
 * const clips = { count: 1, frames: 2, height: 1, width: 1,
 *   batch: () => ({ x: Float32Array.of(0, 1), y: Float32Array.of(1) }) };
 * frameBaselineLosses(clips, Float32Array.of(0.5)).copyLast; // [0]
 * ```
 */
export function frameBaselineLosses(
  clips: BaselineClips,
  trainMean: Float32Array,
): Record<FrameBaseline, number[]> {
  const n = clips.height * clips.width;
  if (trainMean.length !== n) {
    throw new InputError(`train mean frame has ${trainMean.length} pixels, clips have ${n}`);
  }
  const out: Record<FrameBaseline, number[]> = {
    copyLast: [],
    inputMean: [],
    trainMean: [],
    grey: [],
    dark: [],
  };
  const f = clips.frames;
  for (let i = 0; i < clips.count; i++) {
    const { x, y } = clips.batch([i]);
    let copy = 0, inMean = 0, train = 0, grey = 0, dark = 0;
    for (let p = 0; p < n; p++) {
      const target = y[p];
      let m = 0;
      for (let t = 0; t < f; t++) m += x[t * n + p];
      m /= f;
      copy += (x[(f - 1) * n + p] - target) ** 2;
      inMean += (m - target) ** 2;
      train += (trainMean[p] - target) ** 2;
      grey += (0.5 - target) ** 2;
      dark += target * target;
    }
    out.copyLast.push(copy);
    out.inputMean.push(inMean);
    out.trainMean.push(train);
    out.grey.push(grey);
    out.dark.push(dark);
  }
  return out;
}
