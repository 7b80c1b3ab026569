/**
 * The stimuli of one zhong2025 unit: the corridor laps of its exposure phase and the
 * minibatches drawn from them, the calibration laps of the lick readout, the laps and
 * order of the rewarded task, and the seed of the held-out laps of the neural measures.
 * Each comes from its own random stream of the unit's seed, so that changing one phase's
 * size leaves the others' stimuli unchanged.
 *
 * @module
 */
import { Rng } from "../../util/rng.ts";
import type { ExposureObjective } from "../../models/exposure_encoder.ts";
import type { ExposureBatch } from "../../train/exposure_encoder_fit.ts";
import {
  type Group,
  groupPlan,
  type Laps,
  renderLaps,
  REWARDED,
  UNREWARDED,
} from "../../tasks/exposure/mod.ts";
import type { Zhong2025Config } from "./config.ts";

// Distinct random streams for exposure laps, task laps, test laps and the corridor order.
const STREAM = { exposure: 1, task: 2, test: 3, calibration: 4, order: 5, batches: 6 };

/** Frames per lap as `width × height` pixels. */
type FrameSize = Pick<Zhong2025Config, "width" | "height">;

const lapSeed = (seed: number, stream: number, corridor: number) =>
  seed * 1000 + stream * 100 + corridor;

/**
 * The laps a group is exposed to without reward (`exposureLaps` per corridor; none for the
 * groups without an exposure phase).
 *
 * @example
 * ```ts
 * const size = { width: 16, height: 8, exposureLaps: 2 };
 * exposureLaps(size, "grating", 1).length; // 2 corridors: grating, grating45
 * exposureLaps(size, "naive", 1).length; // 0
 * ```
 */
export function exposureLaps(
  config: FrameSize & Pick<Zhong2025Config, "exposureLaps">,
  group: Group,
  seed: number,
): Laps[] {
  return groupPlan(group).exposure.map((corridor, i) =>
    renderLaps(corridor, config.exposureLaps, lapSeed(seed, STREAM.exposure, i), config)
  );
}

/**
 * One minibatch of the unsupervised objective, drawn from random laps of random exposure
 * corridors: `predictive` pairs each frame with the next bin's frame; `contrastive` takes
 * clips of 4 consecutive bins (positives lie within a clip, negatives in the other clips).
 */
function unsupervisedBatch(
  sets: Laps[],
  rng: Rng,
  objective: ExposureObjective,
  size: number,
): ExposureBatch {
  const pixels = sets[0].pixels, bins = sets[0].bins;
  if (objective === "predictive") {
    const x = new Float32Array(size * pixels), next = new Float32Array(size * pixels);
    for (let i = 0; i < size; i++) {
      const s = sets[rng.int(sets.length)], l = rng.int(s.laps), b = rng.int(bins - 1);
      const at = (l * bins + b) * pixels;
      x.set(s.data.subarray(at, at + pixels), i * pixels);
      next.set(s.data.subarray(at + pixels, at + 2 * pixels), i * pixels);
    }
    return { x, next };
  }
  const clip = 4, clips = Math.max(2, Math.floor(size / clip));
  const x = new Float32Array(clips * clip * pixels), clipIds: number[] = [], times: number[] = [];
  for (let c = 0; c < clips; c++) {
    const s = sets[rng.int(sets.length)], l = rng.int(s.laps), b0 = rng.int(bins - clip + 1);
    const at = (l * bins + b0) * pixels;
    x.set(s.data.subarray(at, at + clip * pixels), c * clip * pixels);
    for (let t = 0; t < clip; t++) {
      clipIds.push(c);
      times.push(t);
    }
  }
  return { x, clipIds, times };
}

/**
 * The unit's stream of exposure minibatches: each call draws the next one.
 *
 * @example
 * ```ts
 * const config = { width: 16, height: 8, exposureLaps: 2, batchSize: 8 };
 * const next = exposureBatches(exposureLaps(config, "unsupervised", 1), config, "contrastive", 1);
 * next().clipIds; // [0, 0, 0, 0, 1, 1, 1, 1]
 * ```
 */
export function exposureBatches(
  sets: Laps[],
  config: Pick<Zhong2025Config, "batchSize">,
  objective: ExposureObjective,
  seed: number,
): () => ExposureBatch {
  const rng = new Rng(seed, STREAM.batches);
  return () => unsupervisedBatch(sets, rng, objective, config.batchSize);
}

/**
 * Frames of 4 laps of each task corridor, concatenated ([n, width·height]), on which the
 * readout's per-unit normalisation is fixed before the task.
 *
 * @example
 * ```ts
 * calibrationFrames({ width: 16, height: 8 }, 1).length; // 2 corridors × 4 laps × 60 bins × 128
 * ```
 */
export function calibrationFrames(config: FrameSize, seed: number): Float32Array {
  const laps = [REWARDED, UNREWARDED].map((c, i) =>
    renderLaps(c, 4, lapSeed(seed, STREAM.calibration, i), config)
  );
  const frames = new Float32Array(laps.reduce((n, l) => n + l.data.length, 0));
  laps.reduce((at, l) => (frames.set(l.data, at), at + l.data.length), 0);
  return frames;
}

/** The laps of the rewarded task and which corridor each trial shows. */
export interface TaskLaps {
  /** One lap per trial of the rewarded corridor (leaf1) and of the unrewarded one (circle1). */
  rewarded: Laps;
  unrewarded: Laps;
  /** Per trial: whether it is a lap of the rewarded corridor (50/50). */
  isRewarded: boolean[];
}

/**
 * The rewarded task's trials: trial `t` shows lap `t` of the corridor `isRewarded[t]` picks.
 *
 * @example
 * ```ts
 * const task = taskLaps({ width: 16, height: 8, taskTrials: 20 }, 1);
 * task.isRewarded.length; // 20
 * ```
 */
export function taskLaps(
  config: FrameSize & Pick<Zhong2025Config, "taskTrials">,
  seed: number,
): TaskLaps {
  const trials = config.taskTrials;
  const [rewarded, unrewarded] = [REWARDED, UNREWARDED].map((c, i) =>
    renderLaps(c, trials, lapSeed(seed, STREAM.task, i), config)
  );
  const order = new Rng(seed, STREAM.order);
  const isRewarded = Array.from({ length: trials }, () => order.uniform() < 0.5);
  return { rewarded, unrewarded, isRewarded };
}

/**
 * Seed of the held-out laps of the neural measures (stimulus `i` uses this seed + `i`).
 *
 * @example
 * ```ts
 * neuralTestSeed(2); // 2300
 * ```
 */
export function neuralTestSeed(seed: number): number {
  return lapSeed(seed, STREAM.test, 0);
}
