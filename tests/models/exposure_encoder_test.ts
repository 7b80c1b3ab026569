import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import {
  createExposureEncoder,
  disposeEncoder,
  encoderActivations,
  type ExposureObjective,
  exposureVariables,
  POSITION_SEGMENTS,
  readoutLogits,
} from "../../src/models/exposure_encoder.ts";
import {
  type ExposureBatch,
  exposureLoss,
  frozenTaskTrial,
  taskTrial,
} from "../../src/train/exposure_encoder_fit.ts";
import { renderLaps, rewardTargets, trialCorrect } from "../../src/tasks/exposure/mod.ts";
import { Rng } from "../../src/util/rng.ts";
import { InputError } from "../../src/util/errors.ts";

const SIZE = { width: 16, height: 8 };

function batchOf(objective: ExposureObjective, data: Float32Array, rng: Rng): ExposureBatch {
  const px = 128;
  if (objective === "predictive") {
    const x = new Float32Array(32 * px), next = new Float32Array(32 * px);
    for (let i = 0; i < 32; i++) {
      const f = rng.int(2 * 60 - 1);
      x.set(data.subarray(f * px, (f + 1) * px), i * px);
      next.set(data.subarray((f + 1) * px, (f + 2) * px), i * px);
    }
    return { x, next };
  }
  const x = new Float32Array(32 * px), clipIds: number[] = [], times: number[] = [];
  for (let c = 0; c < 8; c++) {
    const f = rng.int(2 * 60 - 4);
    x.set(data.subarray(f * px, (f + 4) * px), c * 4 * px);
    for (let t = 0; t < 4; t++) {
      clipIds.push(c);
      times.push(t);
    }
  }
  return { x, clipIds, times };
}

for (const objective of ["predictive", "contrastive"] as const) {
  Deno.test(`exposure encoder: the ${objective} objective decreases without labels`, async () => {
    await useBackend("cpu");
    const enc = createExposureEncoder({ inputs: 128, hidden: [32, 16], seed: 3 });
    const laps = renderLaps("leaf1", 2, 5, SIZE);
    const optimizer = tf.train.adam(3e-3);
    const vars = exposureVariables(enc, objective);
    const evalBatch = batchOf(objective, laps.data, new Rng(99));
    const lossNow = () => tf.tidy(() => exposureLoss(enc, evalBatch, objective).dataSync()[0]);
    const before = lossNow();
    const rng = new Rng(1);
    for (let s = 0; s < 60; s++) {
      optimizer.minimize(
        () => exposureLoss(enc, batchOf(objective, laps.data, rng), objective),
        false,
        vars,
      );
    }
    const after = lossNow();
    assert.ok(after < 0.9 * before, `${objective} loss ${before} → ${after}`);
    optimizer.dispose();
    disposeEncoder(enc);
  });
}

Deno.test("exposure encoder: activations have one row per frame and are rectified", async () => {
  await useBackend("cpu");
  const enc = createExposureEncoder({ inputs: 128, hidden: [8, 4], seed: 1 });
  const laps = renderLaps("circle1", 1, 2, SIZE);
  const [h1, h2] = encoderActivations(enc, laps.data, 60);
  assert.equal(h1.length, 60 * 8);
  assert.equal(h2.length, 60 * 4);
  assert.ok(h1.every((v) => v >= 0));
  assert.throws(() => encoderActivations(enc, laps.data, 59), InputError);
  disposeEncoder(enc);
});

Deno.test("exposure readout: position × corridor signal is learned (frozen features)", () => {
  // One unit that says which corridor it is (+1 leaf, −1 circle) plus noise.
  const rng = new Rng(4);
  const readout = new Float64Array(1 + POSITION_SEGMENTS + 1);
  const correct: boolean[] = [];
  for (let t = 0; t < 400; t++) {
    const rewarded = rng.uniform() < 0.5;
    const top = Float32Array.from({ length: 60 }, () => (rewarded ? 1 : -1) + 0.3 * rng.normal());
    const probs = frozenTaskTrial(readout, top, [0], [1], rewardTargets(rewarded), 2);
    correct.push(trialCorrect(Array.from(probs, (p) => p > 0.5), rewarded));
  }
  const late = correct.slice(-100).filter(Boolean).length;
  assert.ok(late >= 95, `late correct ${late}/100`);
  assert.ok(correct.slice(0, 10).filter(Boolean).length <= 7);
  // A unit with no corridor information cannot do better than chance.
  const blind = new Float64Array(1 + POSITION_SEGMENTS + 1);
  let hits = 0;
  for (let t = 0; t < 400; t++) {
    const rewarded = rng.uniform() < 0.5;
    const top = Float32Array.from({ length: 60 }, () => rng.normal());
    const probs = frozenTaskTrial(blind, top, [0], [1], rewardTargets(rewarded), 2);
    if (t >= 300) hits += trialCorrect(Array.from(probs, (p) => p > 0.5), rewarded) ? 1 : 0;
  }
  assert.ok(hits < 75, `blind readout ${hits}/100`);
});

Deno.test("exposure readout: the plastic (task-group) step moves encoder and readout", async () => {
  await useBackend("cpu");
  const enc = createExposureEncoder({ inputs: 128, hidden: [8, 4], seed: 2 });
  const w0 = enc.layers[0].w.dataSync().slice();
  const laps = renderLaps("leaf1", 1, 2, SIZE);
  const probs = taskTrial(enc, laps.data, rewardTargets(true), 0.5, 0.05);
  assert.equal(probs.length, 60);
  assert.ok(probs.every((p) => Math.abs(p - 0.5) < 1e-6), "zero readout licks with p = 0.5");
  let after = probs;
  for (let i = 0; i < 10; i++) after = taskTrial(enc, laps.data, rewardTargets(true), 0.5, 0.05);
  assert.ok(after[30] > after[5] + 0.05, `zone ${after[30]} vs start ${after[5]}`);
  // The first step reaches the encoder only once the readout is non-zero.
  const w1 = enc.layers[0].w.dataSync();
  assert.ok(w1.some((v, i) => v !== w0[i]), "encoder weights changed");
  disposeEncoder(enc);
});

Deno.test("exposure readout: the frozen (JS) and plastic (tfjs) readouts compute the same", async () => {
  await useBackend("cpu");
  const enc = createExposureEncoder({ inputs: 128, hidden: [16, 8], seed: 1 });
  const r = new Float64Array(8 + POSITION_SEGMENTS + 1).map((_, i) => Math.sin(i));
  enc.readout.w.assign(tf.tensor2d(Array.from(r.slice(0, 8)), [8, 1]));
  enc.position.assign(
    tf.tensor2d(Array.from(r.slice(8, 8 + POSITION_SEGMENTS)), [POSITION_SEGMENTS, 1]),
  );
  enc.readout.b.assign(tf.tensor1d([r[r.length - 1]]));
  const lap = renderLaps("leaf1", 1, 3, SIZE);
  const top = encoderActivations(enc, lap.data, 60)[1];
  const js = frozenTaskTrial(r, top, enc.norm.mean, enc.norm.sd, new Float32Array(60), 0);
  const logits = tf.tidy(() => readoutLogits(enc, tf.tensor2d(lap.data, [60, 128])));
  const viaTf = tf.sigmoid(logits).dataSync();
  logits.dispose();
  for (let b = 0; b < 60; b++) assert.ok(Math.abs(js[b] - viaTf[b]) < 1e-5, `bin ${b}`);
  disposeEncoder(enc);
});
