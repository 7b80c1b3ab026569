import assert from "node:assert/strict";
import { makeBatch, MAZE_PROBLEMS, type Task, TASKS, taskSteps } from "../../src/tasks/mod.ts";
import { mix32 } from "../../src/util/rng.ts";

Deno.test("tasks: timing and sizes follow the paper", () => {
  assert.equal(taskSteps(TASKS.maze), 50);
  assert.equal(taskSteps(TASKS.gonogo), 40);
  assert.equal(taskSteps(TASKS.perceptual), 41);
  assert.deepEqual([TASKS.maze.inputs, TASKS.maze.outputs], [8, 4]);
  assert.deepEqual([TASKS.gonogo.inputs, TASKS.gonogo.outputs], [3, 2]);
  assert.deepEqual([TASKS.perceptual.inputs, TASKS.perceptual.outputs], [3, 2]);
});

function trial(_task: Task, b: ReturnType<typeof makeBatch>, k: number): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < b.steps; t++) {
    out.push(
      Array.from(b.x.subarray((t * b.count + k) * b.inputs, (t * b.count + k + 1) * b.inputs)),
    );
  }
  return out;
}

Deno.test("maze: goal, blank delay and choices encode the answer", () => {
  const b = makeBatch(TASKS.maze, 3, "train", 0, 64);
  for (let k = 0; k < 64; k++) {
    const x = trial(TASKS.maze, b, k);
    const goal = x[0].slice(0, 4).indexOf(1);
    const choices = x[40].slice(4).flatMap((v, i) => (v ? [i] : []));
    const p = MAZE_PROBLEMS.find((q) => q.goal === goal && q.choices.join() === choices.join());
    assert.ok(p, `no problem for goal ${goal} choices ${choices}`);
    assert.equal(b.labels[k], p!.answer);
    assert.ok(choices.includes(b.labels[k]));
    assert.ok(x[25].every((v) => v === 0));
  }
});

Deno.test("gonogo: stimulus channel is the label; decision period blank", () => {
  const b = makeBatch(TASKS.gonogo, 1, "val", 10, 32);
  for (let k = 0; k < 32; k++) {
    const x = trial(TASKS.gonogo, b, k);
    assert.deepEqual(x[0], [1, 0, 0]);
    assert.equal(x[10][1 + b.labels[k]], 1);
    assert.deepEqual(x[30], [1, 0, 0]);
    assert.deepEqual(x[38], [0, 0, 0]);
  }
  const labels = Array.from(makeBatch(TASKS.gonogo, 1, "train", 0, 2000).labels);
  const go = labels.filter((v) => v === 1).length / labels.length;
  assert.ok(go > 0.45 && go < 0.55);
});

Deno.test("perceptual: evidence favours the true side by coh/100 on average", () => {
  const b = makeBatch(TASKS.perceptual, 2, "train", 0, 4000);
  let diff = 0;
  for (let k = 0; k < 4000; k++) {
    const x = trial(TASKS.perceptual, b, k);
    let d = 0;
    for (let t = 1; t < 31; t++) d += x[t][1 + b.labels[k]] - x[t][2 - b.labels[k]];
    diff += d / 30;
  }
  // true minus other = 2·coh/200; the mean coherence is 19.2 %, so the mean difference is 0.192
  assert.ok(Math.abs(diff / 4000 - 0.192) < 0.01, `${diff / 4000}`);
});

Deno.test("splits: seeded, order-free, and never share a trial", () => {
  const a = makeBatch(TASKS.perceptual, 5, "train", 0, 16);
  const b = makeBatch(TASKS.perceptual, 5, "train", 8, 8);
  assert.deepEqual(trial(TASKS.perceptual, a, 9), trial(TASKS.perceptual, b, 1));
  const seen = new Set<string>();
  for (const split of ["train", "val", "test"] as const) {
    const batch = makeBatch(TASKS.perceptual, 5, split, 0, 500);
    for (let k = 0; k < 500; k++) {
      const key = trial(TASKS.perceptual, batch, k).flat().join();
      assert.ok(!seen.has(key), `trial repeated in ${split}`);
      seen.add(key);
    }
  }
  // The per-trial random states (split stream ⊕ index) cannot coincide for indices < 2^20.
  const streams = [0x7a11, 0x7a12, 0x7a13].map(mix32);
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) assert.ok((streams[i] ^ streams[j]) >>> 0 >= 2 ** 20);
  }
});
