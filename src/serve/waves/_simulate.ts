/** The wave models POST /v1/waves can run, behind one signature. */
import { simulateGodfrey } from "../../stimuli/waves/godfrey.ts";
import { simulateLansdell } from "../../stimuli/waves/lansdell.ts";
import { simulateTeh } from "../../stimuli/waves/teh.ts";
import type { WaveMovie } from "../../stimuli/waves/types.ts";

/** Wave models by name. */
export const WAVE_MODELS = ["teh", "godfrey", "lansdell"] as const;

/** One simulation job. */
export interface WaveJob {
  model: typeof WAVE_MODELS[number];
  size: number;
  frames: number;
  seed: number;
  /** Teh model only: directional (true) or undirectional waves. */
  directional: boolean;
}

/** Runs a job in the calling thread. */
export function simulate(job: WaveJob): WaveMovie {
  const { size, frames, seed } = job;
  if (job.model === "godfrey") return simulateGodfrey({ size, frames, seed });
  if (job.model === "lansdell") return simulateLansdell({ size, frames, seed });
  return simulateTeh({ size, frames, seed, directional: job.directional });
}
