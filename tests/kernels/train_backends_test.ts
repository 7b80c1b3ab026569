/**
 * End to end: gradients through our wasm kernels agree with the CPU backend, the demo conv
 * net trains to the same losses on wasm, webgpu (forced; llvmpipe here) and cpu, and the
 * kernels leak no tensor memory.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { trainDemo } from "../../src/train/demo.ts";
import { setQuiet } from "../../src/util/log.ts";
import { makeInputs, relativeError } from "./_compare.ts";

setQuiet(true);

const DEMO = { seed: 5, steps: 5, size: 8, batch: 2, channels: 4, learningRate: 0.02 };

Deno.test("demo conv net: wasm, webgpu and cpu losses agree within 1e-3 after 5 steps", async () => {
  const losses: Record<string, number[]> = {};
  for (const backend of ["cpu", "wasm", "webgpu"] as const) {
    const got = await useBackend(backend);
    assert.equal(got, backend, `backend ${backend} could not be initialised`);
    losses[backend] = await trainDemo(DEMO);
  }
  await useBackend("cpu");
  for (const backend of ["wasm", "webgpu"]) {
    for (let i = 0; i < DEMO.steps; i++) {
      const diff = Math.abs(losses[backend][i] - losses.cpu[i]);
      assert.ok(
        diff <= 1e-3,
        `${backend} step ${i + 1}: ${losses[backend][i]} vs ${losses.cpu[i]}`,
      );
    }
  }
  assert.ok(losses.cpu[DEMO.steps - 1] < losses.cpu[0], "the loss should fall");
});

/** Gradients of a strided conv → depthwise conv → embedding-weighted loss. */
async function gradients(backend: "cpu" | "wasm"): Promise<Float32Array[]> {
  await useBackend(backend);
  const d = makeInputs({
    x: { shape: [2, 9, 9, 3] },
    w1: { shape: [3, 3, 3, 4] },
    w2: { shape: [3, 3, 4, 2] },
    table: { shape: [5, 8] },
  }, 11);
  const x = tf.tensor4d(d.x.data as Float32Array, [2, 9, 9, 3]);
  const ids = tf.tensor1d([0, 3, 3, 1, 4, 0, 2, 3], "int32");
  const vars = [
    tf.tensor4d(d.w1.data as Float32Array, [3, 3, 3, 4]),
    tf.tensor4d(d.w2.data as Float32Array, [3, 3, 4, 2]),
    tf.tensor2d(d.table.data as Float32Array, [5, 8]),
  ];
  const f = (w1: tf.Tensor, w2: tf.Tensor, table: tf.Tensor) => {
    const h = tf.tanh(tf.conv2d(x, w1 as tf.Tensor4D, 2, "same"));
    const g = tf.depthwiseConv2d(h as tf.Tensor4D, w2 as tf.Tensor4D, 1, "valid");
    const e = tf.gather(table, ids); // [8, 8]
    return tf.sum(tf.mul(tf.reshape(g, [8, -1]).slice([0, 0], [8, 8]), e));
  };
  const grads = tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)(vars);
  const out = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  tf.dispose([x, ids, ...vars, ...grads]);
  return out;
}

Deno.test("gradients through conv2d, depthwiseConv2d and gather match on wasm and cpu", async () => {
  const ref = await gradients("cpu");
  const got = await gradients("wasm");
  for (let i = 0; i < ref.length; i++) {
    const err = relativeError(got[i], ref[i]);
    assert.ok(err <= 1e-4, `gradient ${i}: relative error ${err}`);
  }
});

Deno.test("wasm kernels leave no tensors or heap data behind", async () => {
  await useBackend("wasm");
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const run = () =>
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 6, 3], 0, 1, "float32", 1) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 3, 2], 0, 1, "float32", 2) as tf.Tensor4D;
      const ids = tf.tensor1d([0, 1, 1], "int32");
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, "same"))
      )([x, w]);
      const [dx2, dw2] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"))
      )([x, tf.slice(w, [0, 0, 0, 0], [3, 3, 3, 1])]);
      const [ge] = tf.grads((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))([tf.ones([2, 4])]);
      return tf.add(
        tf.add(tf.sum(gx), tf.sum(gw)),
        tf.add(tf.sum(dx2), tf.add(tf.sum(dw2), tf.sum(ge))),
      );
    });
  tf.dispose(run());
  const tensors = tf.memory().numTensors, ids = backend.numDataIds();
  for (let i = 0; i < 5; i++) tf.dispose(run());
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(backend.numDataIds(), ids);
});

Deno.test("useBackend('wasm') leaves all our kernels registered", async () => {
  const { WASM_KERNELS, wasmKernelsRegistered } = await import(
    "../../src/backend/wasm/register.ts"
  );
  await useBackend("wasm");
  assert.ok(wasmKernelsRegistered());
  for (const config of WASM_KERNELS) {
    assert.equal(tf.getKernel(config.kernelName, "wasm")?.kernelFunc, config.kernelFunc);
  }
});
