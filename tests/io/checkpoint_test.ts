import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import { CHECKPOINT_FORMAT, loadCheckpoint, saveCheckpoint } from "../../src/io/checkpoint.ts";

setQuiet(true);
const config = { cell: "gru" as const, channels: 4, kernel: 3, size: 8, frames: 3, layers: 3 };

async function saved() {
  await useBackend("cpu");
  const dir = await Deno.makeTempDir();
  const model = buildFramePredictor(config, 4);
  const manifest = await saveCheckpoint(`${dir}/ckpt`, model, {
    name: "frame-predictor",
    description: "next frame from 3 frames",
    config,
    seed: 4,
  }, { m0: { shape: [2], values: new Float32Array([1, 2]) } });
  return { dir, model, manifest };
}

Deno.test("checkpoint: round trip gives identical predictions and a complete manifest", async () => {
  const { dir, model, manifest } = await saved();
  assert.equal(manifest.format, CHECKPOINT_FORMAT);
  assert.deepEqual(manifest.inputShape, [null, 3, 8, 8, 1]);
  assert.deepEqual(manifest.outputShape, [null, 8, 8, 1]);
  assert.match(manifest.weightsSha256, /^[0-9a-f]{64}$/);
  assert.equal(manifest.versions.tfjs, tf.version.tfjs);
  const names = [...Deno.readDirSync(`${dir}/ckpt`)].map((e) => e.name).sort();
  assert.deepEqual(names, ["manifest.json", "model.json", "weights.bin"]); // no arrays without training state
  const loaded = await loadCheckpoint(`${dir}/ckpt`);
  const x = tf.randomUniform([2, 3, 8, 8, 1], 0, 1, "float32", 9);
  const a = await (model.predict(x) as tf.Tensor).data();
  const b = await (loaded.model.predict(x) as tf.Tensor).data();
  assert.deepEqual(Array.from(b), Array.from(a));
  assert.equal(loaded.manifest.seed, 4);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("checkpoint: a changed weight byte is refused with a clear error", async () => {
  const { dir } = await saved();
  const path = `${dir}/ckpt/weights.bin`;
  const bytes = await Deno.readFile(path);
  bytes[10] ^= 1;
  await Deno.writeFile(path, bytes);
  await assert.rejects(loadCheckpoint(`${dir}/ckpt`), /sha256 .* does not match/);
  await assert.rejects(loadCheckpoint(`${dir}/nothing`), /not a checkpoint folder/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("checkpoint: loads over http, and optimizer arrays survive", async () => {
  const { dir, model } = await saved();
  await saveCheckpoint(`${dir}/ckpt`, model, {
    name: "m",
    description: "d",
    config,
    seed: 4,
    training: { epoch: 3, step: 30 },
  }, { m0: { shape: [2], values: new Float32Array([1, 2]) } });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const name = path.split("/").pop()!;
    if (!path.startsWith("/models/m/")) return new Response("no", { status: 404 });
    try {
      return new Response(await Deno.readFile(`${dir}/ckpt/${name}`));
    } catch {
      return new Response("no", { status: 404 });
    }
  });
  try {
    const url = `http://127.0.0.1:${server.addr.port}/models/m/`;
    const loaded = await loadCheckpoint(url);
    assert.equal(loaded.manifest.training?.epoch, 3);
    assert.deepEqual(Array.from(loaded.arrays.m0.values), [1, 2]);
    await assert.rejects(
      loadCheckpoint(`http://127.0.0.1:${server.addr.port}/missing`),
      /HTTP 404/,
    );
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkpoint: custom layers that nobody registered give a one-line error", async () => {
  const { dir } = await saved();
  // io sits below models, so the loader relies on the models having registered their layers;
  // hide one registration to see what a caller that skipped `src/models/mod.ts` gets.
  const names = tf.serialization.SerializationMap.getMap().classNameMap;
  const kept = names.PrevisionConvRecurrent;
  delete names.PrevisionConvRecurrent;
  try {
    await assert.rejects(
      loadCheckpoint(`${dir}/ckpt`),
      /uses the layer PrevisionConvRecurrent, which is not registered; import the models/,
    );
  } finally {
    names.PrevisionConvRecurrent = kept;
    await Deno.remove(dir, { recursive: true });
  }
});
