/**
 * The vanilla-RNN ConvRecurrent layer runs as the fused conv-RNN op and TimeBatchNorm (in
 * training) as the fused batch norm (src/ops/conv_rnn.ts): the layer output, the loss and every
 * weight gradient equal the step-by-step tfjs-op path (`ConvRecurrent.unfused`) within 1e-4,
 * on the wasm backend (fused kernels) and on cpu (the ops' tfjs fallbacks).
 */
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
import { ConvRecurrent } from "../../src/models/frame_predictor_layers.ts";

setQuiet(true);

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  const x = a.dataSync(), y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Output of the first recurrent layer, the loss and all weight gradients, one path. */
function run(model: tf.LayersModel, x: tf.Tensor, target: tf.Tensor, stepwise: boolean) {
  ConvRecurrent.unfused = stepwise;
  try {
    const hidden = model.getLayer("recurrent1").apply(x) as tf.Tensor;
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => summedSquaredError(forwardFramePredictor(model, x, true), target),
      vars,
    );
    return { hidden, value, grads: vars.map((v) => grads[v.name]) };
  } finally {
    ConvRecurrent.unfused = false;
  }
}

async function parity(backend: "wasm" | "cpu", channels: number) {
  await useBackend(backend);
  const config: FramePredictorConfig = {
    cell: "rnn",
    channels,
    kernel: 3,
    size: 8,
    frames: 3,
    layers: 2,
  };
  // two models with the same weights (batch norm's running averages move on each pass)
  const a = buildFramePredictor(config, 7), b = buildFramePredictor(config, 7);
  const x = tf.randomUniform([2, 3, 8, 8, 1], 0, 1, "float32", 11);
  const target = tf.randomUniform([2, 8, 8, 1], 0, 1, "float32", 12);
  const fused = run(a, x, target, false);
  const plain = run(b, x, target, true);
  const hidden = maxAbsDiff(fused.hidden, plain.hidden);
  assert.ok(hidden < 1e-4, `${backend}: layer output differs by ${hidden}`);
  assert.ok(tf.sum(tf.abs(plain.hidden)).dataSync()[0] > 0.1, "non-trivial output");
  const loss = Math.abs(fused.value.dataSync()[0] - plain.value.dataSync()[0]);
  assert.ok(loss < 1e-4 * Math.max(1, Math.abs(plain.value.dataSync()[0])), `loss ${loss}`);
  for (let i = 0; i < plain.grads.length; i++) {
    const d = maxAbsDiff(fused.grads[i], plain.grads[i]);
    const name = a.trainableWeights[i].name;
    assert.ok(d < 1e-4, `${backend}: gradient of ${name} differs by ${d}`);
    assert.ok(tf.sum(tf.abs(plain.grads[i])).dataSync()[0] > 0, `${name} has a gradient`);
  }
  a.dispose();
  b.dispose();
  tf.dispose([x, target, fused.hidden, fused.value, plain.hidden, plain.value]);
  tf.dispose([...fused.grads, ...plain.grads]);
}

Deno.test("frame predictor: the vanilla RNN and batch norm use the fused kernels on wasm", async () => {
  await useBackend("wasm");
  const model = buildFramePredictor(
    { cell: "rnn", channels: 4, kernel: 3, size: 8, frames: 3, layers: 1 },
    1,
  );
  const x = tf.randomUniform([2, 3, 8, 8, 1], 0, 1, "float32", 1);
  const kernels = async (stepwise: boolean) => {
    ConvRecurrent.unfused = stepwise;
    try {
      const info = await tf.profile(() => forwardFramePredictor(model, x, true));
      return info.kernelNames;
    } finally {
      ConvRecurrent.unfused = false;
    }
  };
  const fused = await kernels(false), plain = await kernels(true);
  for (const k of ["PrevisionConvRnnForward", "PrevisionBatchNormTrain"]) {
    assert.ok(fused.includes(k), `fused path runs ${k}`);
    assert.ok(!plain.includes(k), `step-by-step path does not run ${k}`);
  }
  model.dispose();
  x.dispose();
});

Deno.test("frame predictor: fused vanilla RNN = step-by-step path on wasm (value, gradients)", async () => {
  await parity("wasm", 4);
  await parity("wasm", 8);
});

Deno.test("frame predictor: fused vanilla RNN = step-by-step path on cpu and wasm fallback", async () => {
  await parity("cpu", 4);
  await parity("wasm", 3); // channels not a multiple of 4: the op's tfjs fallback on wasm
});
