/**
 * One-choice inference maze (first choice of the maze task of Achterberg et al. 2023, as
 * in the seRNN / Shakiba et al. code): a goal is shown (one-hot of 4), a blank delay,
 * then the available moves (two of left/up/right/down); the answer is the first step
 * towards the goal. Eight problems exist, so trials differ only in which problem is drawn;
 * the model's input noise makes every presentation distinct.
 */
import type { Task } from "./task.ts";

/** The eight problems: goal slot, the two offered moves, the correct move (l,u,r,d = 0..3). */
export const MAZE_PROBLEMS: readonly { goal: number; choices: [number, number]; answer: number }[] =
  [
    { goal: 1, choices: [0, 1], answer: 1 }, // goal 9, ul → u
    { goal: 1, choices: [2, 3], answer: 2 }, // goal 9, rd → r
    { goal: 3, choices: [0, 3], answer: 3 }, // goal 19, ld → d
    { goal: 2, choices: [2, 3], answer: 3 }, // goal 17, rd → d
    { goal: 2, choices: [0, 1], answer: 0 }, // goal 17, ul → l
    { goal: 0, choices: [1, 2], answer: 1 }, // goal 7, ur → u
    { goal: 3, choices: [0, 2], answer: 2 }, // goal 19, lr → r
    { goal: 0, choices: [0, 2], answer: 0 }, // goal 7, lr → l
  ];

/**
 * The maze task: 20 goal steps → 10 blank → 20 choice steps; 8 inputs; 4 outputs.
 *
 * @example
 * ```ts
 * import { mazeTask } from "@prevision/prevision/tasks";
 * mazeTask.inputs; // 8
 * ```
 */
export const mazeTask: Task = {
  name: "maze",
  title: "one-choice inference maze",
  timing: { goal: 20, delay: 10, choices: 20 },
  inputs: 8,
  outputs: 4,
  fill(rng, x) {
    const p = MAZE_PROBLEMS[rng.int(MAZE_PROBLEMS.length)];
    for (let t = 0; t < 20; t++) x[t * 8 + p.goal] = 1;
    for (let t = 30; t < 50; t++) {
      x[t * 8 + 4 + p.choices[0]] = 1;
      x[t * 8 + 4 + p.choices[1]] = 1;
    }
    return p.answer;
  },
};
