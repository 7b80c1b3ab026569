import assert from "node:assert/strict";
import { useBackend } from "../../src/backend/mod.ts";
import { tf } from "../../src/backend/tf.ts";
import { RgcCnn } from "../../src/models/rgc_cnn.ts";
import { fitRgcCnn } from "../../src/train/rgc_cnn_fit.ts";
import { historyBatch } from "../../src/models/rgc_cnn_input.ts";
import { createRgc, rgcRate } from "../../src/biology/rgc/mod.ts";
import { binaryCheckerboard } from "../../src/stimuli/white_noise.ts";
import { rank1 } from "../../src/analysis/filters.ts";
import { InputError } from "../../src/util/errors.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

Deno.test("RGC CNN: the padded-matmul conv equals a valid tf.conv2d", async () => {
  await useBackend("cpu");
  const model = new RgcCnn({ channels: 3, history: 5, seed: 2 });
  const movie = binaryCheckerboard({ frames: 12, seed: 1 });
  const frames = [4, 7, 11];
  const x = historyBatch(movie, frames, 5);
  const { rate } = model.forward(tf.tensor2d(x, [3, 64 * 5]));
  // Reference: conv2d on [batch, 8, 8, history] → relu → dense in the same column order.
  const w = model.getWeights();
  const ref = tf.tidy(() => {
    const conv = tf.conv2d(
      tf.tensor4d(x, [3, 8, 8, 5]),
      tf.tensor4d(w.conv, [7, 7, 5, 3]),
      1,
      "valid",
    );
    const h = tf.relu(tf.add(conv, tf.tensor1d(w.convBias))).reshape([3, 4 * 3]);
    const u = tf.add(tf.matMul(h, tf.tensor2d(w.dense, [12, 1])), w.denseBias).reshape([-1]);
    return tf.mul(w.alpha, tf.softplus(tf.mul(w.beta, u)));
  });
  const a = rate.dataSync();
  const b = ref.dataSync();
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `${a[i]} vs ${b[i]}`);
  model.dispose();
});

Deno.test("RGC CNN: separable filters are rank 1; weights round-trip", async () => {
  await useBackend("cpu");
  const model = new RgcCnn({ channels: 2, variant: "separable", seed: 3 });
  const w = model.getWeights();
  for (let c = 0; c < 2; c++) {
    const m = Array.from({ length: 49 * 20 }, (_, i) => w.conv[i * 2 + c]);
    assert.ok(rank1(m, 49, 20).explained > 0.9999);
  }
  const movie = binaryCheckerboard({ frames: 40, seed: 5 });
  const before = model.predictMovie(movie);
  const other = new RgcCnn({ channels: 2, variant: "separable", seed: 9 });
  assert.notDeepEqual(other.predictMovie(movie), before);
  other.setWeights(w);
  const after = other.predictMovie(movie);
  before.forEach((v, i) => assert.ok(Math.abs(v - after[i]) < 1e-6));
  assert.throws(() => new RgcCnn({ channels: 3 }).setWeights(w), InputError);
  assert.throws(() => model.predictMovie(binaryCheckerboard({ size: 6, frames: 3 })), InputError);
  model.dispose();
  other.dispose();
});

Deno.test("RGC CNN: a short fit on the subunit cell learns to predict held-out responses", async () => {
  await useBackend("cpu");
  const cell = createRgc({ nonlinearity: { kind: "threshold-linear", gain: 60, threshold: 2.5 } });
  const train = binaryCheckerboard({ frames: 4000, seed: 1 });
  const val = binaryCheckerboard({ frames: 800, seed: 2 });
  const model = new RgcCnn({ channels: 4, seed: 1 });
  const fit = await fitRgcCnn(
    model,
    { movie: train, response: rgcRate(cell, train).expected },
    { movie: val, response: rgcRate(cell, val).expected },
    { epochs: 4, batch: 256, learningRate: 5e-3, seed: 1 },
  );
  assert.ok(fit.trainLoss[fit.trainLoss.length - 1] < fit.trainLoss[0], "loss falls");
  assert.ok(fit.bestValidationCorrelation > 0.5, `validation r ${fit.bestValidationCorrelation}`);
  assert.equal(fit.validationCorrelation.length, 4);
  model.dispose();
});
