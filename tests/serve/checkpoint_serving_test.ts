/**
 * Acceptance: a frame-predictor checkpoint written by the training code (saveCheckpoint, as
 * `deno task train` does) is served, and predict answers equal the library's own
 * predictions on the same input, on the WASM backend, for JSON and .npy requests.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/select.ts";
import { encodeNpy, readNpy } from "../../src/io/npy.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import { createApp } from "../../src/serve/mod.ts";
import { loadCheckpoint, saveCheckpoint } from "../../src/io/checkpoint.ts";
import { setQuiet } from "../../src/util/log.ts";

Deno.test("served frame-predictor checkpoint predicts exactly what the library predicts", async () => {
  setQuiet(true);
  await useBackend("wasm");
  const dir = await Deno.makeTempDir({ prefix: "serve-fp-" });
  try {
    const config = { cell: "rnn" as const, channels: 4, kernel: 3, size: 12, frames: 3, layers: 2 };
    const built = buildFramePredictor(config, 11);
    await saveCheckpoint(`${dir}/frame-predictor`, built, {
      name: "frame-predictor",
      description: "next frame",
      config,
      seed: 11,
    });
    built.dispose();
    const { model } = await loadCheckpoint(`${dir}/frame-predictor`);
    const x = tf.randomUniform([2, 3, 12, 12, 1], 0, 1, "float32", 5);
    const expected = (await (model.predict(x) as tf.Tensor).data()) as Float32Array;
    const inputs = await x.array();
    const served = createApp({ models: dir, backend: "wasm" });
    await served.ctx.ready;
    const res = await served.fetch(
      new Request("http://127.0.0.1/v1/models/frame-predictor/predict", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ inputs }),
      }),
    );
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body.shape, [2, 12, 12, 1]);
    assert.deepEqual(Float32Array.from(body.outputs.flat(3)), expected);
    const npy = await served.fetch(
      new Request("http://127.0.0.1/v1/models/frame-predictor/predict", {
        method: "POST",
        headers: { "content-type": "application/x-npy" },
        body: encodeNpy(await x.data() as Float32Array, [2, 3, 12, 12, 1]) as Uint8Array<
          ArrayBuffer
        >,
      }),
    );
    assert.deepEqual(readNpy(new Uint8Array(await npy.arrayBuffer())).data, expected);
    const info =
      await (await served.fetch(new Request("http://127.0.0.1/v1/models/frame-predictor"))).json();
    assert.equal(info.manifest.seed, 11);
    assert.deepEqual(info.inputShape, [3, 12, 12, 1]);
    tf.dispose(x);
    model.dispose();
    served.ctx.registry.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
