/**
 * The random streams of one shakiba2026 unit, derived from its replicate seed, variant and
 * task.
 *
 * Replicate seed k draws every stream as `hash3(1, stream, k − 1)`: exactly the streams of
 * run k − 1 under the former `--seed 1 --runs N`, so that seeds 1..N reproduce the numbers
 * of those runs (and of the published reports made with them).
 */
import { hash3 } from "../../util/rng.ts";

/** The base of every stream (the former default `--seed 1`). */
const BASE = 1;

/** Seed of the small-world null graphs, shared by every unit so σ has one reference. */
export const NULL_SEED = BASE;

/** Seeds of one unit's random draws. */
export interface UnitStreams {
  /** Orthogonal initialisation (W). */
  orthogonal: number;
  /** Bio weights W*, shared by every bio variant and task of a replicate. */
  bio: number;
  /** Node permutation of W!. */
  permutation: number;
  /** The model's input and output weights. */
  model: number;
  /** The task's trials (train and test splits). */
  trials: number;
  /** The Gaussian input noise during training. */
  noise: number;
}

const salt = (text: string, start: number) =>
  [...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, start);

/**
 * The seeds of a unit's random streams.
 *
 * @example
 * ```ts
 * unitStreams("W*D*C", "gonogo", 1).bio === unitStreams("W", "maze", 1).bio; // true
 * ```
 */
export function unitStreams(variant: string, task: string, seed: number): UnitStreams {
  const run = seed - 1;
  const v = salt(variant, 7);
  const t = salt(task, 11);
  return {
    orthogonal: hash3(BASE, 0x0a7 ^ t, run * 977 + v),
    bio: hash3(BASE, 0xb10, run),
    permutation: hash3(BASE, v ^ t, run),
    model: hash3(BASE, 0x6e7 ^ v, run * 31 + t),
    trials: hash3(BASE, 0xda7a ^ t, run),
    noise: hash3(BASE, 0x1015e ^ v, run * 31 + t),
  };
}
