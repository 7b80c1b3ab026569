/**
 * Retinal waves: the three wave models (Teh et al. 2023 as in May et al. 2025, Godfrey &
 * Swindale 2007, Lansdell et al. 2014) behind one registry, streamed or as whole movies,
 * wave datasets written to disk, and the wave statistics (sizes, speeds, durations,
 * directions, intervals).
 *
 * @example Simulate 200 frames of directional Teh waves and measure them
 * ```ts
 * import { simulateTeh, waveStats } from "@prevision/prevision/waves";
 * const movie = simulateTeh({ size: 32, frames: 200, seed: 1 });
 * const stats = waveStats(movie.data, movie.frames, movie.size, {
 *   secondsPerFrame: 0.1,
 *   micronsPerPixel: 20,
 * });
 * console.log(movie.waves.length, stats);
 * ```
 *
 * @module
 */
export { buildWaveDataset, type WaveDatasetOptions, type WaveDatasetSummary } from "./dataset.ts";
export {
  GODFREY_PRESETS,
  type GodfreyOptions,
  type GodfreyParams,
  godfreyParams,
  godfreyStream,
  simulateGodfrey,
} from "./godfrey.ts";
export {
  lansdellDefaults,
  type LansdellOptions,
  type LansdellParams,
  lansdellParams,
  lansdellStep,
  lansdellStream,
  simulateLansdell,
} from "./lansdell.ts";
export {
  summarise,
  type Summary,
  type WaveStats,
  waveStats,
  WaveStatsAccumulator,
  type WaveStatsOptions,
} from "./stats.ts";
export {
  simulateTeh,
  tehDefaults,
  type TehOptions,
  type TehParams,
  tehParams,
  tehStream,
  tehThresholds,
  tehWavePlan,
} from "./teh.ts";
export {
  tehAuthorsSigma,
  type TehBiasDefinition,
  tehLocalBias,
  tehSigmaForBias,
} from "./teh_bias.ts";
export {
  simulateWaves,
  WAVE_MODELS,
  type WaveEngine,
  type WaveEvent,
  type WaveModel,
  waveModel,
  type WaveMovie,
  type WaveOptions,
  type WaveStream,
} from "./registry.ts";
