import assert from "node:assert/strict";
import { useBackend } from "../../../src/backend/select.ts";
import { tf } from "../../../src/backend/tf.ts";
import { buildFramePredictor } from "../../../src/models/mod.ts";
import { evaluate } from "../../../src/train/trainer.ts";
import { withReestimatedBatchNorm } from "../../../src/train/batch_norm_reestimate.ts";
import { MovieClips } from "../../../src/train/clips.ts";
import { tehAuthorsSigma } from "../../../src/stimuli/waves/teh_bias.ts";
import {
  dataConfig,
  experiment,
  shuffleWeights,
  waveData,
} from "../../../src/studies/may2025/mod.ts";
import { pooledSampleTests } from "../../../src/studies/may2025/_evidence.ts";
import type { May2025UnitResult } from "../../../src/studies/may2025/mod.ts";

Deno.test("may2025 presets use the authors' data and initialisation (SCIENCE.md §1)", () => {
  assert.ok(Math.abs(tehAuthorsSigma() - 1.7258) < 1e-3, `σ = ${tehAuthorsSigma()}`);
  for (const preset of ["tiny", "quick", "standard", "full"] as const) {
    const c = experiment.presets[preset];
    assert.equal(c.tehSigma, null, `${preset}: σ is the authors' optimiser output`);
    assert.equal(c.wrapAngles, false, preset);
    assert.equal(c.waveClips, "within", preset);
    assert.equal(c.undirectionalWaves, "godfrey", preset);
    assert.equal(c.corridorView, "authors", preset);
    assert.equal(c.model.init, "pytorch", preset);
  }
  const quick = experiment.presets.quick;
  assert.ok(quick.seeds.length >= 6, "quick: at least 6 seeds, fixed in advance");
  assert.deepEqual(quick.seeds, [1, 2, 3, 4, 5, 6]);
  const full = experiment.presets.full;
  const rest = Math.round(full.finetuneClips * (1 - full.testFraction));
  assert.equal(full.finetuneClips - rest, 500, "full: 500 test clips");
  assert.equal(rest / full.folds * (full.folds - 1), 800, "full: 800 training clips per fold");
});

Deno.test("may2025 pre-training clips lie inside single waves", () => {
  const config = { ...dataConfig(experiment.presets.tiny), size: 64 };
  const waves = waveData(config, "directional");
  assert.equal(waves.train.count, config.pretrainClips);
  // every clip shows activity in each of its frames: no clip straddles the gap between waves
  const n = 64 * 64;
  for (let i = 0; i < waves.train.count; i++) {
    const { x, y } = waves.train.batch([i]);
    for (let f = 0; f < config.frames; f++) {
      assert.ok(x.subarray(f * n, (f + 1) * n).some((v) => v > 0), `clip ${i} frame ${f} empty`);
    }
    assert.ok(y.some((v) => v > 0), `clip ${i} target empty`);
    assert.ok(x.every((v) => v === 0 || v === 1), "frames at 64×64 stay binary");
  }
});

Deno.test("may2025 shuffled control permutes every stored tensor, running statistics included", async () => {
  await useBackend("cpu");
  const model = buildFramePredictor(
    { cell: "rnn", channels: 4, kernel: 3, size: 8, frames: 2, layers: 1, init: "pytorch" },
    1,
  );
  const bn = model.layers.find((l) => l.name === "norm1")!;
  const [g, b] = bn.getWeights();
  bn.setWeights([g, b, tf.tensor1d([1, 2, 3, 4]), tf.tensor1d([5, 6, 7, 8])]);
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  shuffleWeights(model, 3);
  const after = model.getWeights().map((w) => Array.from(w.dataSync()));
  const names = model.weights.map((w) => w.name);
  before.forEach((values, i) => {
    assert.deepEqual([...after[i]].sort(), [...values].sort(), `${names[i]}: same values`);
  });
  // every tensor with distinct values along an output axis longer than 1 is permuted (the
  // readout's output axis has length 1, as in PyTorch; gamma = 1 and beta = 0 look the same)
  for (const part of ["wx", "wh", "bias", "bias_h", "moving_mean", "moving_variance"]) {
    const i = names.findIndex((n) => n.endsWith(`/${part}`));
    assert.ok(i >= 0, `no tensor ${part} in ${names.join(", ")}`);
    assert.notDeepEqual(after[i], before[i], `${part} not permuted`);
  }
});

Deno.test("batch-norm re-estimation changes the evaluation and restores the weights", async () => {
  await useBackend("cpu");
  const model = buildFramePredictor(
    { cell: "rnn", channels: 4, kernel: 3, size: 8, frames: 2, layers: 3, init: "pytorch" },
    2,
  );
  const movie = Float32Array.from({ length: 12 * 64 }, (_, i) => 0.8 * ((i * 7919) % 13) / 13);
  const clips = new MovieClips(movie, 8, 8, 2, [0, 3, 6, 9]);
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const plain = await evaluate(model, clips, 2);
  const reestimated = await withReestimatedBatchNorm(
    model,
    clips,
    2,
    () => evaluate(model, clips, 2),
  );
  assert.notEqual(reestimated, plain);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.dataSync())), before);
  assert.equal(await evaluate(model, clips, 2), plain);
});

Deno.test("the paper's pooled per-sample test pairs samples across runs and multiplies p", () => {
  const unit = (seed: number, d: number[], n: number[]) =>
    ({
      seed,
      fold: 0,
      conditions: {
        directional: { testSamples: d },
        none: { testSamples: n },
      },
    }) as unknown as May2025UnitResult;
  const results = new Map([
    ["seed1-fold1", unit(1, [1, 2, 3], [2, 2.5, 4.5])],
    ["seed2-fold1", unit(2, [4], [5])],
  ]);
  const config = { ...experiment.presets.tiny, conditions: ["directional", "none"] as const };
  const [t] = pooledSampleTests({ ...config, conditions: [...config.conditions] }, results);
  // scipy.stats.ttest_rel([1,2,3,4], [2,2.5,4.5,5]) → t = -4.89898, p = 0.0162766
  assert.equal(t.n, 4);
  assert.ok(Math.abs(t.statistic + 4.89898) < 1e-4, `t ${t.statistic}`);
  assert.ok(Math.abs(t.p - 0.0162766) < 1e-5, `p ${t.p}`);
  assert.equal(t.pAdjusted, t.p, "one comparison: p × 1");
});
