/**
 * Perceptual decision making (neurogym's PerceptualDecisionMaking as the Shakiba et al.
 * generator configures it: dt 100 ms, two choices): a fixation input stays on; during the
 * stimulus each of the two ring inputs carries cos(θ − θ_true)·coh/200 + 0.5 plus
 * Gaussian noise of sd 1/√dt = 0.1; the answer is the true direction.
 */
import type { Task } from "./task.ts";

/** Coherence levels (%). */
export const COHERENCES = [0, 6.4, 12.8, 25.6, 51.2] as const;

/**
 * The perceptual decision task: fixation 1 → stimulus 30 → delay 10; 3 inputs; 2 outputs.
 *
 * @example
 * ```ts
 * import { perceptualTask } from "@prevision/prevision/tasks";
 * perceptualTask.outputs; // 2
 * ```
 */
export const perceptualTask: Task = {
  name: "perceptual",
  title: "perceptual decision making",
  timing: { fixation: 1, stimulus: 30, delay: 10 },
  inputs: 3,
  outputs: 2,
  fill(rng, x) {
    const coh = COHERENCES[rng.int(COHERENCES.length)];
    const truth = rng.int(2);
    const sigma = 1 / Math.sqrt(100);
    for (let t = 0; t < 41; t++) x[t * 3] = 1;
    for (let t = 1; t < 31; t++) {
      for (let k = 0; k < 2; k++) {
        const theta = Math.PI * k; // ring of 2: 0 and π
        const evidence = Math.cos(theta - Math.PI * truth) * (coh / 200) + 0.5;
        x[t * 3 + 1 + k] = evidence + sigma * rng.normal();
      }
    }
    return truth;
  },
};
