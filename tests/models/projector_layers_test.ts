import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { Projector } from "../../src/models/projector.ts";

Deno.test("projector: applyLayers gives every hidden block, then the embedding apply returns", async () => {
  await useBackend("cpu");
  const head = new Projector({ inDim: 6, hidden: [32, 24], outDim: 3 }, 2);
  const x = tf.randomNormal([7, 6], 0, 1, "float32", 3) as tf.Tensor2D;
  const layers = head.applyLayers(x, false);
  assert.deepEqual(layers.map((l) => l.shape), [[7, 32], [7, 24], [7, 3]]);
  // Hidden blocks end in a ReLU; the embedding rows have unit norm and equal apply's.
  assert.ok(layers[0].dataSync().every((v) => v >= 0));
  const norms = tf.norm(layers[2], 2, 1).dataSync();
  assert.ok(norms.every((n) => Math.abs(n - 1) < 1e-5), `norms ${[...norms]}`);
  const z = head.apply(x, false);
  assert.deepEqual([...z.dataSync()], [...layers[2].dataSync()]);
  tf.dispose([x, z, ...layers]);
  head.dispose();
});
