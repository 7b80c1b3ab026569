/**
 * Training: the loop every frame-predictor experiment uses ({@link fit}: Adam, early
 * stopping, resumable checkpoints), clip datasets cut from a movie, a movie as a model's
 * input tensor and back ({@link movieToTensor}, {@link tensorToMovie}), the Adam optimiser,
 * contrastive pre-training on retinal waves, and the fitting loops of the RGC CNN, the
 * biologically constrained RNN and the exposure encoder. Architectures live in
 * `@prevision/prevision/models`.
 *
 * @example Train a tiny next-frame predictor on simulated retinal waves for one epoch
 * ```ts
 * import { simulateTeh } from "@prevision/prevision/waves";
 * import { buildFramePredictor } from "@prevision/prevision/models";
 * import { clipStarts, fit, MovieClips } from "@prevision/prevision/train";
 * const movie = simulateTeh({ size: 16, frames: 40, seed: 1 });
 * const frames = Float32Array.from(movie.data);
 * const clips = new MovieClips(frames, 16, 16, 4, clipStarts(40, 4));
 * const model = buildFramePredictor(
 *   { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 },
 *   1,
 * );
 * const options = { epochs: 1, batchSize: 8, learningRate: 1e-3, seed: 1 };
 * const result = await fit({ model, train: clips, ...options });
 * console.log(result.history.at(-1));
 * ```
 *
 * @module
 */
export {
  epochOrder,
  type EpochRecord,
  evaluate,
  evaluatePerSample,
  fit,
  type FitOptions,
  type FitResult,
} from "./trainer.ts";
export { type ClipData, clipStarts, clipStartsWithin, MovieClips } from "./clips.ts";
export {
  type MovieFrames,
  type MovieTensorOptions,
  movieToTensor,
  tensorToMovie,
} from "./movie_tensor.ts";
export { reestimateRunningStatistics, withReestimatedBatchNorm } from "./batch_norm_reestimate.ts";
export { Adam, type AdamOptions } from "./adam.ts";
export { Progress } from "./progress.ts";
export {
  type ContrastiveOptions,
  temporalContrastiveLoss,
  temporalPairs,
  type WaveBatch,
  waveBatches,
  type WaveClip,
} from "./contrastive.ts";
export { waveBlockContrastiveLoss } from "./wave_block_loss.ts";
export {
  fitRgcCnn,
  type ResponseData,
  type RgcCnnFitOptions,
  type RgcCnnFitResult,
} from "./rgc_cnn_fit.ts";
export {
  type BioTrainOptions,
  type BioTrainResult,
  evaluateBioRnn,
  trainBioRnn,
} from "./bio_rnn_fit.ts";
export {
  type ExposureBatch,
  exposureLoss,
  frozenTaskTrial,
  taskTrial,
} from "./exposure_encoder_fit.ts";
export { type DemoOptions, driftingBars, trainDemo } from "./demo.ts";
