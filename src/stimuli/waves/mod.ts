/** Public surface of the retinal-wave models and of their statistics (re-exported by the
 * root mod.ts). */
export { buildWaveDataset, type WaveDatasetOptions, type WaveDatasetSummary } from "./dataset.ts";
export {
  GODFREY_PRESETS,
  type GodfreyOptions,
  type GodfreyParams,
  godfreyStream,
  simulateGodfrey,
} from "./godfrey.ts";
export {
  type LansdellOptions,
  type LansdellParams,
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
export { simulateTeh, type TehOptions, type TehParams, tehStream } from "./teh.ts";
export { type TehBiasDefinition, tehLocalBias, tehSigmaForBias } from "./teh_bias.ts";
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
