import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import {
  buildFramePredictor,
  forwardFramePredictor,
  type FramePredictorConfig,
  summedSquaredError,
} from "../../src/models/mod.ts";

setQuiet(true);
const small = (cell: FramePredictorConfig["cell"]): FramePredictorConfig => ({
  cell,
  channels: 4,
  kernel: 3,
  size: 8,
  frames: 3,
  layers: 3,
});

Deno.test("frame predictor: shapes, sigmoid range and U(−1/√C, 1/√C) init for every cell", async () => {
  await useBackend("cpu");
  for (const cell of ["rnn", "gru", "lstm"] as const) {
    const model = buildFramePredictor(small(cell), 3);
    assert.deepEqual(model.outputs[0].shape, [null, 8, 8, 1]);
    const y = model.predict(tf.randomUniform([2, 3, 8, 8, 1], 0, 1, "float32", 1)) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 8, 8, 1]);
    const v = await y.data();
    assert.ok(v.every((p) => p > 0 && p < 1), "sigmoid output in (0, 1)");
    const rec = model.getLayer("recurrent1").getWeights()[1];
    const w = await rec.data();
    const bound = 1 / Math.sqrt(4);
    assert.ok(w.every((x) => Math.abs(x) <= bound));
    assert.ok(Math.max(...w) > 0.8 * bound && Math.min(...w) < -0.8 * bound, "spans the range");
    model.dispose();
  }
});

Deno.test("frame predictor: same seed → same weights, other seed → other weights", async () => {
  await useBackend("cpu");
  const a = buildFramePredictor(small("rnn"), 1), b = buildFramePredictor(small("rnn"), 1);
  const c = buildFramePredictor(small("rnn"), 2);
  const first = (m: tf.LayersModel) => m.getWeights()[0].dataSync().join(",");
  assert.equal(first(a), first(b));
  assert.notEqual(first(a), first(c));
});

Deno.test("frame predictor: gradients reach every trainable weight; vanilla RNN matches a hand computation", async () => {
  await useBackend("cpu");
  const model = buildFramePredictor({ ...small("rnn"), layers: 1, frames: 2 }, 5);
  const x = tf.randomUniform([2, 2, 8, 8, 1], 0, 1, "float32", 2);
  const target = tf.randomUniform([2, 8, 8, 1], 0, 1, "float32", 3);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => summedSquaredError(forwardFramePredictor(model, x, true), target),
    vars,
  );
  for (const v of vars) assert.ok(tf.sum(tf.abs(grads[v.name])).dataSync()[0] > 0, v.name);
  // layer 1 by hand: h1 = tanh(Wx*x1 + b), h2 = tanh(Wx*x2 + Wh*h1 + b)
  const [wx, wh, b] = model.getLayer("recurrent1").getWeights() as tf.Tensor4D[];
  const x1 = x.slice([0, 0], [2, 1]).reshape([2, 8, 8, 1]) as tf.Tensor4D;
  const x2 = x.slice([0, 1], [2, 1]).reshape([2, 8, 8, 1]) as tf.Tensor4D;
  const h1 = tf.tanh(tf.conv2d(x1, wx, 1, "same").add(b)) as tf.Tensor4D;
  const h2 = tf.tanh(tf.conv2d(x2, wx, 1, "same").add(tf.conv2d(h1, wh, 1, "same")).add(b));
  const layer = model.getLayer("recurrent1").apply(x) as tf.Tensor;
  const ours = layer.slice([0, 1], [2, 1]).reshape([2, 8, 8, 4]);
  assert.ok(tf.max(tf.abs(ours.sub(h2))).dataSync()[0] < 1e-5);
});

Deno.test("frame predictor: bad config is a one-line InputError", () => {
  assert.throws(() => buildFramePredictor({ ...small("rnn"), kernel: 4 }, 1), /kernel must be odd/);
  assert.throws(
    () => buildFramePredictor({ ...small("rnn"), cell: "cnn" as "rnn" }, 1),
    /cell must be one of/,
  );
});
