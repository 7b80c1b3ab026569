import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { reluRnnLayer } from "../../src/models/_rnn_op.ts";
import { BioRnn } from "../../src/models/bio_rnn.ts";
import { makeRegulariser } from "../../src/models/bio_regularisers.ts";
import { trainBioRnn } from "../../src/train/bio_rnn_fit.ts";
import { communicability64 } from "../../src/linalg/communicability.ts";
import { gridDistances, orthogonal } from "../../src/biology/connectome/mod.ts";
import type { Task } from "../../src/tasks/mod.ts";
import { Rng } from "../../src/util/rng.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`RNN layer op (${backend}): value and weight gradients equal autograd of the plain loop`, async () => {
    await useBackend(backend);
    const steps = 5, batch = 3, inputs = 2, n = 6;
    const xs = Array.from(
      { length: steps },
      (_, t) => tf.randomNormal([batch, inputs], 0, 1, "float32", t + 1) as tf.Tensor2D,
    );
    const wIn = tf.randomNormal([inputs, n], 0, 1, "float32", 50) as tf.Tensor2D;
    const bias = tf.randomNormal([n], 0, 0.3, "float32", 51) as tf.Tensor1D;
    const w = tf.randomNormal([n, n], 0, 0.5, "float32", 99) as tf.Tensor2D;
    const r = tf.randomNormal([batch, n], 0, 1, "float32", 7);
    const plain = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
      let h = tf.relu(tf.add(tf.matMul(xs[0], a as tf.Tensor2D), b)) as tf.Tensor2D;
      for (let t = 1; t < steps; t++) {
        h = tf.relu(
          tf.add(tf.add(tf.matMul(xs[t], a as tf.Tensor2D), b), tf.matMul(h, c as tf.Tensor2D)),
        );
      }
      return tf.sum(tf.mul(h, r));
    };
    const fused = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(reluRnnLayer(xs, a as tf.Tensor2D, b as tf.Tensor1D, c as tf.Tensor2D), r));
    assert.ok(
      Math.abs(plain(wIn, bias, w).dataSync()[0] - fused(wIn, bias, w).dataSync()[0]) < 1e-5,
    );
    const ga = tf.grads(plain)([wIn, bias, w]);
    const gb = tf.grads(fused)([wIn, bias, w]);
    for (let k = 0; k < ga.length; k++) {
      const a = ga[k].dataSync(), b = gb[k].dataSync();
      assert.ok(a.some((v) => v !== 0));
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-4, `grad ${k}[${i}]`);
    }
  });
}

Deno.test("regularisers: WD, WDC, EMD and the baseline equal their definitions", async () => {
  await useBackend("cpu");
  const n = 12;
  const rng = new Rng(3);
  const w = Float32Array.from({ length: n * n }, () => rng.normal() * 0.3);
  const d = gridDistances([3, 2, 2]);
  const emp = Float64Array.from({ length: n * n }, (_, k) => (k % 5 === 0 ? 1 : 0));
  const wt = tf.tensor2d(w, [n, n]);
  let wd = 0, l1 = 0, wdc = 0;
  const c = communicability64(w, n);
  for (let k = 0; k < n * n; k++) {
    l1 += Math.abs(w[k]);
    wd += 0.3 * Math.abs(w[k]) * d[k];
    wdc += 0.3 * Math.abs(w[k]) * c[k] * d[k];
  }
  const ce = communicability64(emp, n);
  const a = Float64Array.from(c).sort(), b = Float64Array.from(ce).sort();
  let emd = 0;
  for (let k = 0; k < n * n; k++) emd += Math.abs(a[k] - b[k]) / (n * n);
  const cases: [Parameters<typeof makeRegulariser>[0]["kind"], number][] = [
    ["l1", l1],
    ["wd", wd],
    ["wdc", wdc],
    ["emd", wd + 0.1 * emd],
  ];
  for (const [kind, expected] of cases) {
    const reg = makeRegulariser({ kind, n, distance: d, empirical: emp });
    const got = reg.loss(wt).dataSync()[0];
    assert.ok(
      Math.abs(got - expected) < 1e-4 * Math.max(1, expected),
      `${kind}: ${got} vs ${expected}`,
    );
    // gradient against central differences of the same (float32) loss
    const g = tf.grad((x: tf.Tensor) => reg.loss(x as tf.Tensor2D))(wt).dataSync();
    for (const k of [1, 17, 50]) {
      const h = 1e-2;
      const p = w.slice(), m = w.slice();
      p[k] += h;
      m[k] -= h;
      const fd = (reg.loss(tf.tensor2d(p, [n, n])).dataSync()[0] -
        reg.loss(tf.tensor2d(m, [n, n])).dataSync()[0]) /
        (2 * h);
      assert.ok(
        Math.abs(g[k] - fd) < 2e-2 * Math.max(1, Math.abs(fd)),
        `${kind} grad[${k}] ${g[k]} vs ${fd}`,
      );
    }
    reg.dispose();
  }
});

/** A small task added through the shared interface: which of two channels was on, 4 steps ago. */
const recallTask: Task = {
  name: "recall",
  title: "two-way recall over a short delay",
  timing: { cue: 3, delay: 4 },
  inputs: 2,
  outputs: 2,
  fill(rng, x) {
    const k = rng.int(2);
    for (let t = 0; t < 3; t++) x[t * 2 + k] = 1;
    return k;
  },
};

Deno.test("bio RNN learns a task on held-out trials; positive arm stays non-negative; seeded", async () => {
  await useBackend("cpu");
  const n = 32;
  const run = async (nonNegative: boolean) => {
    const net = new BioRnn({
      n,
      inputs: 2,
      outputs: 2,
      recurrentInit: orthogonal(n, 2),
      seed: 4,
      nonNegative,
    });
    const reg = makeRegulariser({
      kind: "wd",
      n,
      distance: gridDistances([4, 4, 2]),
      lambda: 0.001,
    });
    const r = await trainBioRnn(net, reg, {
      task: recallTask,
      dataSeed: 1,
      noiseSeed: 2,
      trainTrials: 384,
      testTrials: 256,
      batch: 64,
      epochs: 4,
      learningRate: 0.01,
    });
    const w = await net.recurrentWeights();
    net.dispose();
    reg.dispose();
    return { r, w };
  };
  const before = tf.memory().numTensors;
  const a = await run(false);
  assert.equal(tf.memory().numTensors - before, 0, "tensors leaked by a training run");
  assert.ok(a.r.testAccuracy > 0.9, `test accuracy ${a.r.testAccuracy}`);
  assert.ok(a.r.epochLoss[3] < a.r.epochLoss[0]);
  const b = await run(true);
  assert.ok(b.w.every((v) => v >= 0));
  const again = await run(false);
  assert.deepEqual(again.r.epochLoss, a.r.epochLoss);
});
