/**
 * The stimulus sets of Zhong et al. (2025) in the VR corridor, rendered as laps of one frame
 * per 1 dm position bin. A lap is one trial. Trial-to-trial variability, which the study's
 * neurons have and a deterministic renderer lacks, comes from where inside each bin the
 * frame is taken (as with a mouse's variable running speed), a per-lap contrast gain
 * and luminance offset, and per-pixel noise.
 */
import { renderVrCorridor, VR } from "../../stimuli/vr_corridor.ts";
import { Rng } from "../../util/rng.ts";
import { ensure, InputError } from "../../util/errors.ts";

/** The corridors of each stimulus set of the study. */
export const STIMULUS_SETS = {
  /** The two corridors of the task (and of the unsupervised exposure). */
  trained: ["leaf1", "circle1"],
  /** New exemplars of the two texture categories (never seen in exposure or task). */
  newExemplars: ["leaf2", "leaf3", "circle2"],
  /** The trained textures with their two 2 m halves exchanged. */
  swapped: ["leaf1-swap", "circle1-swap"],
  /** The control exposure: grating corridors. */
  grating: ["grating", "grating45"],
} as const;

/** The rewarded corridor (reward zone 2–4 m) and the unrewarded one. */
export const REWARDED = "leaf1";
/** The unrewarded corridor of the task. */
export const UNREWARDED = "circle1";

/** Options of {@link renderLaps}. */
export interface LapOptions {
  /** Frame width in pixels (default 32). */
  width?: number;
  /** Frame height in pixels (default 16). */
  height?: number;
  /** SD of the per-pixel noise (default 0.1). */
  pixelNoise?: number;
  /** Half-range of the per-lap contrast gain around 1 (default 0.25). */
  gainJitter?: number;
  /** SD of the per-lap luminance offset (default 0.05). */
  offsetJitter?: number;
}

/** Laps through one corridor, one frame per position bin. */
export interface Laps {
  /** Name of the corridor (a key of the stimulus sets). */
  corridor: string;
  /** Number of laps (trials). */
  laps: number;
  /** Frames per lap (= 60 position bins). */
  bins: number;
  /** Pixels per frame. */
  pixels: number;
  /** laps·bins·pixels values, frame of bin b of lap l at `(l·bins + b)·pixels`. */
  data: Float32Array;
}

const cache = new Map<string, { data: Float32Array; bin: Int32Array }>();

/**
 * One clean lap rendered finely (≈ 4 frames per bin), cached: laps differ only by which of
 * a bin's frames is shown and by the jitter, so nothing needs rendering twice.
 */
function cleanLap(corridor: string, width: number, height: number) {
  const key = `${corridor}|${width}|${height}`;
  let hit = cache.get(key);
  if (!hit) {
    const run = renderVrCorridor({ corridor, frames: 400, width, height, speed: 0.25, seed: 1 });
    const end = run.lap.indexOf(1);
    const frames = end < 0 ? run.frames : end;
    hit = {
      data: run.data.subarray(0, frames * width * height),
      bin: run.bin.subarray(0, frames),
    };
    if (cache.size > 64) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Renders `laps` laps of a corridor with trial-to-trial jitter; the same seed gives the
 * same laps.
 *
 * @example
 * ```ts
 * import { renderLaps } from "@prevision/prevision/tasks";
 * const laps = renderLaps("leaf1", 4, 1); // 4 trials × 60 bins × 16×32 pixels
 * ```
 */
export function renderLaps(
  corridor: string,
  laps: number,
  seed: number,
  options: LapOptions = {},
): Laps {
  ensure(Number.isInteger(laps) && laps >= 1, `laps must be a positive integer, got ${laps}`);
  ensure(Number.isFinite(seed), "seed must be finite");
  const width = options.width ?? 32, height = options.height ?? 16;
  const pixelNoise = options.pixelNoise ?? 0.03;
  const gainJitter = options.gainJitter ?? 0.1, offsetJitter = options.offsetJitter ?? 0.03;
  if (!(pixelNoise >= 0 && gainJitter >= 0 && gainJitter < 1 && offsetJitter >= 0)) {
    throw new InputError("renderLaps: noise and jitter must be ≥ 0 (gain jitter < 1)");
  }
  const pixels = width * height, bins = VR.bins;
  const run = cleanLap(corridor, width, height);
  // The frames of each bin (a random one of them is the bin's frame on a lap).
  const first = new Int32Array(bins).fill(-1), count = new Int32Array(bins);
  for (let f = 0; f < run.bin.length; f++) {
    if (first[run.bin[f]] < 0) first[run.bin[f]] = f;
    count[run.bin[f]]++;
  }
  const rng = new Rng(seed, 0xe7);
  const data = new Float32Array(laps * bins * pixels);
  for (let l = 0; l < laps; l++) {
    const gain = 1 + gainJitter * (2 * rng.uniform() - 1);
    const offset = offsetJitter * rng.normal();
    for (let b = 0; b < bins; b++) {
      const pick = count[b] > 0 ? first[b] + rng.int(count[b]) : 0;
      const src = pick * pixels, dst = (l * bins + b) * pixels;
      for (let p = 0; p < pixels; p++) {
        const v = 0.5 + gain * (run.data[src + p] - 0.5) + offset +
          (pixelNoise > 0 ? pixelNoise * rng.normal() : 0);
        data[dst + p] = v;
      }
    }
  }
  return { corridor, laps, bins, pixels, data };
}
