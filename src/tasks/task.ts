/**
 * The cognitive-task interface (after neurogym): a task has named epochs with their
 * durations in steps, input and output sizes, and a seeded trial generator. Trials are
 * addressed by (seed, split, index), each drawn from its own counter-based random stream,
 * so a trial of one split is never a trial of another and batches can be made in any order.
 */
import { Rng } from "../util/rng.ts";
import { InputError } from "../util/errors.ts";

/** The three data splits; each has its own random stream. */
export type Split = "train" | "val" | "test";
const SPLIT_STREAM: Record<Split, number> = { train: 0x7a11, val: 0x7a12, test: 0x7a13 };

/** A classification-at-the-end task. */
export interface Task {
  /** Registry name, e.g. `gonogo`. */
  name: string;
  /** Human-readable description. */
  title: string;
  /** Epochs and their durations in steps, in order. */
  timing: Record<string, number>;
  /** Input features per step. */
  inputs: number;
  /** Classes of the one response at the end of the trial. */
  outputs: number;
  /** Writes one trial (steps × inputs, row-major) into `x` and returns its label. */
  fill(rng: Rng, x: Float32Array): number;
}

/** Total steps of a task's trial. */
export function taskSteps(task: Task): number {
  return Object.values(task.timing).reduce((a, b) => a + b, 0);
}

/** A batch in time-major layout, ready for a recurrent net. */
export interface TrialBatch {
  /** steps × count × inputs, time-major. */
  x: Float32Array;
  /** Class of each trial. */
  labels: Int32Array;
  /** Time steps per trial. */
  steps: number;
  /** Trials in the batch. */
  count: number;
  /** Input features per step. */
  inputs: number;
}

/**
 * Trials `start … start+count−1` of a split, time-major.
 *
 * @example
 * ```ts
 * import { makeBatch, TASKS } from "@prevision/prevision/tasks";
 * const b = makeBatch(TASKS.gonogo, 1, "test", 0, 128); // x: 40 × 128 × 3
 * ```
 */
export function makeBatch(
  task: Task,
  seed: number,
  split: Split,
  start: number,
  count: number,
): TrialBatch {
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 1) {
    throw new InputError(`batch: bad range start=${start} count=${count}`);
  }
  const steps = taskSteps(task);
  const { inputs } = task;
  const x = new Float32Array(steps * count * inputs);
  const labels = new Int32Array(count);
  const one = new Float32Array(steps * inputs);
  for (let b = 0; b < count; b++) {
    // Stream = split; the trial index selects a disjoint seed per trial via fork.
    const rng = new Rng(seed, SPLIT_STREAM[split]).fork(start + b);
    one.fill(0);
    labels[b] = task.fill(rng, one);
    for (let t = 0; t < steps; t++) {
      x.set(one.subarray(t * inputs, (t + 1) * inputs), (t * count + b) * inputs);
    }
  }
  return { x, labels, steps, count, inputs };
}
