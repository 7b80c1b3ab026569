import assert from "node:assert/strict";
import { configure } from "../../../src/studies/_kit/mod.ts";
import { experiment } from "../../../src/studies/zhong2025/mod.ts";
import { InputError } from "../../../src/util/errors.ts";

Deno.test("zhong2025 presets: quick and full keep the model sizes the study had before", () => {
  const { quick, full, tiny, standard } = experiment.presets;
  assert.deepEqual(quick.seeds, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(quick.arms, ["frozen", "plastic"]);
  assert.deepEqual(
    [quick.hidden, quick.exposureLaps, quick.exposureSteps, quick.taskTrials, quick.testLaps],
    [[64, 32], 20, 250, 400, 16],
  );
  assert.equal(full.seeds.length, 12);
  assert.deepEqual(
    [full.hidden, full.exposureLaps, full.exposureSteps, full.taskTrials, full.testLaps],
    [[128, 64], 40, 1500, 600, 40],
  );
  for (const p of [tiny, quick, standard, full]) {
    assert.deepEqual(experiment.schema.parse(p), p, p.preset);
    assert.deepEqual(
      [p.batchSize, p.learningRate, p.taskLr, p.encoderLr, p.width, p.height],
      [64, 2e-3, 0.3, 0.005, 32, 16],
    );
  }
});

Deno.test("zhong2025 flags: shared names, lists and one-line errors", () => {
  const c = configure(experiment, {
    seeds: "3",
    groups: "naive,grating",
    "task-trials": "50",
    lr: "0.01",
    batch: "32",
    hidden: "8,4",
    objective: "predictive",
  });
  assert.deepEqual(c.seeds, [1, 2, 3]);
  assert.deepEqual(c.groups, ["naive", "grating"]);
  assert.deepEqual([c.taskTrials, c.learningRate, c.batchSize], [50, 0.01, 32]);
  assert.deepEqual(c.hidden, [8, 4]);
  assert.equal(c.preset, "quick");
  assert.deepEqual(
    experiment.units(c).map((u) => u.key),
    [
      "naive-seed1",
      "naive-seed2",
      "naive-seed3",
      "grating-seed1",
      "grating-seed2",
      "grating-seed3",
    ],
  );
  assert.throws(() => configure(experiment, { groups: "nope" }), InputError);
  assert.throws(() => configure(experiment, { groups: "naive,naive" }), /--groups/);
  assert.throws(() => configure(experiment, { "task-trials": "5" }), /--task-trials/);
  assert.throws(() => configure(experiment, { "test-laps": "2" }), /--test-laps/);
});
