/** Cognitive tasks sharing one interface; add a task by adding it to {@link TASKS}. */
import type { Task } from "./task.ts";
import { mazeTask } from "./maze.ts";
import { goNoGoTask } from "./gonogo.ts";
import { perceptualTask } from "./perceptual.ts";

export * from "./task.ts";
export { MAZE_PROBLEMS, mazeTask } from "./maze.ts";
export { goNoGoTask } from "./gonogo.ts";
export { COHERENCES, perceptualTask } from "./perceptual.ts";

/**
 * Every task by name.
 *
 * @example
 * ```ts
 * import { TASKS } from "./mod.ts";
 * Object.keys(TASKS); // ["maze", "gonogo", "perceptual"]
 * ```
 */
export const TASKS: Record<string, Task> = {
  maze: mazeTask,
  gonogo: goNoGoTask,
  perceptual: perceptualTask,
};
