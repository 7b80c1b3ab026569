/**
 * Cognitive tasks sharing one interface (neurogym-style: timing, input and output spaces,
 * a trial generator) — the maze, go/no-go and perceptual-decision tasks of Shakiba et al.
 * (2026); add a task by adding it to {@link TASKS} — and the exposure paradigm of Zhong et
 * al. (2025): corridors, groups and the rewarded task.
 *
 * @example A batch of go/no-go trials
 * ```ts
 * import { makeBatch, TASKS } from "@prevision/prevision/tasks";
 * const batch = makeBatch(TASKS.gonogo, 1, "train", 0, 8); // seed 1, trials 0…7
 * console.log(batch.steps, batch.x.length, batch.labels);
 * ```
 *
 * @module
 */
import type { Task } from "./task.ts";
import { mazeTask } from "./maze.ts";
import { goNoGoTask } from "./gonogo.ts";
import { perceptualTask } from "./perceptual.ts";

export * from "./task.ts";
export { MAZE_PROBLEMS, mazeTask } from "./maze.ts";
export { goNoGoTask } from "./gonogo.ts";
export { COHERENCES, perceptualTask } from "./perceptual.ts";
export * from "./exposure/mod.ts";

/**
 * Every task by name.
 *
 * @example
 * ```ts
 * import { TASKS } from "@prevision/prevision/tasks";
 * Object.keys(TASKS); // ["maze", "gonogo", "perceptual"]
 * ```
 */
export const TASKS: Record<string, Task> = {
  maze: mazeTask,
  gonogo: goNoGoTask,
  perceptual: perceptualTask,
};
