/**
 * The fused conv-RNN layer and batch norm (src/ops/conv_rnn.ts) against plain tfjs ops on the
 * CPU backend: forward values and gradients (relative error ≤ 1e-4), and the May et al.
 * model trained with them on wasm to the same losses as on cpu (within 1e-3 over 20 steps).
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { batchNormTrain, convRnnLayer } from "../../src/ops/conv_rnn.ts";
import { convRnnTrainer } from "../../bench/_conv_rnn.ts";
import { makeInputs, relativeError } from "./_compare.ts";
import { detachHeap, jobStats, startThreads } from "../../src/backend/wasm/threads/pool.ts";
import { onPool, type WasmBackend } from "../../src/backend/wasm/_util.ts";

setQuiet(true);

async function layerAndGrads(
  backend: "cpu" | "wasm",
  frames: number,
  cin: number,
  { c = 8, k = 3, s = 6 } = {},
) {
  await useBackend(backend);
  const b = 3;
  const d = makeInputs({
    x: { shape: [frames * b, s, s, cin] },
    wx: { shape: [k, k, cin, c] },
    bias: { shape: [c] },
    wh: { shape: [k, k, c, c] },
    gamma: { shape: [c] },
    beta: { shape: [c] },
    probe: { shape: [frames * b, s, s, c] },
  }, 3 + frames);
  const t = (k: keyof typeof d) => tf.tensor(d[k].data, d[k].spec.shape);
  const inputs = [t("x"), t("wx"), t("bias"), t("wh"), t("gamma"), t("beta")];
  const probe = t("probe");
  const f = (
    x: tf.Tensor,
    wx: tf.Tensor,
    bias: tf.Tensor,
    wh: tf.Tensor,
    g: tf.Tensor,
    bt: tf.Tensor,
  ) => {
    const h = convRnnLayer(
      x as tf.Tensor4D,
      wx as tf.Tensor4D,
      bias as tf.Tensor1D,
      wh as tf.Tensor4D,
      frames,
    );
    const y = batchNormTrain(h, g as tf.Tensor1D, bt as tf.Tensor1D);
    return tf.sum(tf.mul(tf.tanh(y), probe)); // a loss that weighs every output differently
  };
  const { value, grads } = tf.valueAndGrads(f as (...a: tf.Tensor[]) => tf.Tensor)(inputs);
  const out: Float32Array[] = [new Float32Array([(await value.data())[0]])];
  for (const g of grads) out.push((await g.data()) as Float32Array);
  tf.dispose([value, ...grads, ...inputs, probe]);
  return out;
}

for (const [frames, cin] of [[4, 1], [3, 8], [2, 4]]) {
  Deno.test(`fused conv-RNN layer + batch norm: value and gradients match cpu (T=${frames}, Cin=${cin})`, async () => {
    const ref = await layerAndGrads("cpu", frames, cin);
    const got = await layerAndGrads("wasm", frames, cin);
    const names = ["loss", "dx", "dwx", "db", "dwh", "dgamma", "dbeta"];
    for (let i = 0; i < ref.length; i++) {
      const err = relativeError(got[i], ref[i]);
      assert.ok(err <= 1e-4, `${names[i]}: relative error ${err}`);
    }
  });
}

// Size 6: F(2×2, 3×3); size 8: F(4×4, 3×3); k = 5: the direct kernel.
const PATHS = [
  { k: 3, s: 6, job: "winograd" },
  { k: 3, s: 8, job: "winograd4" },
  { k: 5, s: 6, job: "conv" },
] as const;

for (const threads of [1, 2]) {
  for (const { k, s, job } of PATHS) {
    Deno.test(`threaded conv-RNN layer (${threads} thread(s), k=${k}, ${s}×${s}, C=16, ${job}): value and gradients match cpu`, async () => {
      const opts = { c: 16, k, s };
      const ref = await layerAndGrads("cpu", 3, 16, opts);
      await useBackend("wasm");
      await startThreads(threads);
      try {
        jobStats(true);
        const got = await layerAndGrads("wasm", 3, 16, opts);
        assert.ok(jobStats()[job].calls > 0, `the threaded ${job} path did not run`);
        const names = ["loss", "dx", "dwx", "db", "dwh", "dgamma", "dbeta"];
        for (let i = 0; i < ref.length; i++) {
          const err = relativeError(got[i], ref[i]);
          assert.ok(err <= 1e-4, `${names[i]}: relative error ${err}`);
        }
      } finally {
        await startThreads();
      }
    });
  }
}

// With tfjs on the pool's memory (useBackend's default) the layer works on tfjs tensors in
// place; detached, it copies them to the pool's own memory and back, overlapping the
// copies with the jobs. Both must give the same values and gradients.
Deno.test("threaded conv-RNN layer on the pool's own memory (tensors copied in and out, 2 threads): value and gradients match cpu", async () => {
  const opts = { c: 16, k: 3, s: 8 };
  const ref = await layerAndGrads("cpu", 3, 16, opts);
  await useBackend("wasm");
  await detachHeap();
  await startThreads(2);
  try {
    assert.equal(onPool(tf.backend() as unknown as WasmBackend), false);
    jobStats(true);
    const got = await layerAndGrads("wasm", 3, 16, opts);
    assert.ok(jobStats().winograd4.calls > 0, "the threaded path did not run");
    const names = ["loss", "dx", "dwx", "db", "dwh", "dgamma", "dbeta"];
    for (let i = 0; i < ref.length; i++) {
      const err = relativeError(got[i], ref[i]);
      assert.ok(err <= 1e-4, `${names[i]}: relative error ${err}`);
    }
  } finally {
    await useBackend("wasm"); // back onto tfjs's heap
    await startThreads();
  }
  assert.equal(onPool(tf.backend() as unknown as WasmBackend), true);
});

// C = 16 at size 6 trains through F(2×2, 3×3), at size 8 through F(4×4, 3×3). At this
// learning rate (1e-2, ten times the toolkit's) step 4 is a sharp transient that amplifies
// rounding differences: the largest step difference measured 1.3e-4 with direct convs,
// 4.8e-4 with F(2×2, 3×3) and 3.5e-3 with F(4×4, 3×3) (its transforms cost about one
// digit), all back below 1e-4 by step 20. The F(4×4, 3×3) case checks the issue's
// criterion (the loss after 20 steps within 1e-3) and every step within 1e-2; the others
// every step within 1e-3.
const TRAINING = [
  { channels: 4, size: 6, everyStep: 1e-3 },
  { channels: 8, size: 6, everyStep: 1e-3 },
  { channels: 16, size: 6, everyStep: 1e-3 },
  { channels: 16, size: 8, everyStep: 1e-2 },
];
for (const { channels, size, everyStep } of TRAINING) {
  Deno.test(`conv-RNN (C=${channels}, ${size}×${size}) trained with fused wasm kernels matches cpu: loss after 20 steps within 1e-3, every step within ${everyStep}`, async () => {
    const shape = { batch: 2, frames: 3, size, channels, layers: 3 };
    const run = async (backend: "cpu" | "wasm", fused: boolean) => {
      await useBackend(backend);
      const trainer = convRnnTrainer(shape, 4, { fused, learningRate: 1e-2 });
      const losses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const loss = trainer.step();
        losses.push((await loss.data())[0]);
        loss.dispose();
      }
      trainer.dispose();
      return losses;
    };
    const cpu = await run("cpu", false);
    const before = tf.memory().numTensors;
    const wasm = await run("wasm", true);
    assert.equal(tf.memory().numTensors, before, "the fused trainer leaked tensors");
    for (let i = 0; i < cpu.length; i++) {
      assert.ok(Math.abs(wasm[i] - cpu[i]) <= everyStep, `step ${i + 1}: ${wasm[i]} vs ${cpu[i]}`);
    }
    assert.ok(Math.abs(wasm[19] - cpu[19]) <= 1e-3, `after 20 steps: ${wasm[19]} vs ${cpu[19]}`);
    assert.ok(cpu[19] < cpu[0], "the loss should fall");
  });
}
