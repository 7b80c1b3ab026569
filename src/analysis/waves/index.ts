/** Wave statistics (see stats.ts). */
export {
  summarise,
  type Summary,
  type WaveStats,
  waveStats,
  WaveStatsAccumulator,
  type WaveStatsOptions,
} from "./stats.ts";
