/**
 * Go/NoGo: fixation, a stimulus saying go or no-go, fixation again, then a blank decision
 * period; the answer is 0 = NoGo, 1 = Go (the Shakiba et al. generator's layout).
 */
import type { Task } from "./task.ts";

/**
 * The Go/NoGo task: fixation 5 → stimulus 20 → fixation 10 → blank 5; 3 inputs; 2 outputs.
 *
 * @example
 * ```ts
 * import { goNoGoTask } from "@prevision/prevision/tasks";
 * goNoGoTask.timing; // { fixation: 5, stimulus: 20, delay: 10, decision: 5 }
 * ```
 */
export const goNoGoTask: Task = {
  name: "gonogo",
  title: "Go/NoGo",
  timing: { fixation: 5, stimulus: 20, delay: 10, decision: 5 },
  inputs: 3,
  outputs: 2,
  fill(rng, x) {
    const go = rng.int(2);
    for (let t = 0; t < 5; t++) x[t * 3] = 1;
    for (let t = 5; t < 25; t++) x[t * 3 + 1 + go] = 1;
    for (let t = 25; t < 35; t++) x[t * 3] = 1;
    return go;
  },
};
