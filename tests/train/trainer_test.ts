import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { buildFramePredictor } from "../../src/models/mod.ts";
import { renderCorridor } from "../../src/stimuli/corridor.ts";
import { clipStarts, MovieClips } from "../../src/train/clips.ts";
import { evaluate, fit } from "../../src/train/trainer.ts";
import { loadCheckpoint } from "../../src/io/checkpoint.ts";

setQuiet(true);
const config = { cell: "rnn" as const, channels: 4, kernel: 3, size: 12, frames: 3, layers: 3 };

function data() {
  const total = 40 * 4;
  const movie = renderCorridor({ width: 12, height: 12, frames: total, seed: 3 });
  const all = new MovieClips(movie, 12, 12, 3, clipStarts(total, 3));
  const idx = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return { train: all.subset(idx(0, 30)), validation: all.subset(idx(30, 40)) };
}

async function run(dir?: string, patience?: number) {
  const model = buildFramePredictor(config, 11);
  const { train, validation } = data();
  const result = await fit({
    model,
    train,
    validation,
    epochs: 3,
    batchSize: 8,
    learningRate: 1e-2,
    seed: 5,
    dir,
    patience,
  });
  return { model, result, validation };
}

Deno.test("trainer: the same seed gives the same losses and weights; training lowers the loss", async () => {
  await useBackend("wasm");
  const a = await run(), b = await run();
  assert.deepEqual(a.result.history.map((h) => h.valLoss), b.result.history.map((h) => h.valLoss));
  const wa = a.model.getWeights().map((w) => Array.from(w.dataSync()));
  const wb = b.model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(wa, wb);
  const val = a.result.history.map((h) => h.valLoss!);
  assert.equal(val.length, 4); // epoch 0 + 3
  assert.ok(a.result.bestValLoss! < val[0], `training lowers the validation loss: ${val}`);
  assert.equal(a.result.bestValLoss, Math.min(...val));
});

Deno.test("trainer: logged losses match a direct computation on the saved best checkpoint", async () => {
  await useBackend("wasm");
  const dir = await Deno.makeTempDir();
  const { result, validation, model } = await run(dir);
  const lines = (await Deno.readTextFile(`${dir}/metrics.jsonl`)).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  assert.deepEqual(lines.map((l) => l.valLoss), result.history.map((h) => h.valLoss));
  const { model: best, manifest } = await loadCheckpoint(`${dir}/best`);
  // by the trainer's own evaluate …
  assert.equal(await evaluate(best, validation, 8), result.bestValLoss);
  // … and by plain arithmetic on the checkpoint's predictions
  const { x, y } = validation.batch(Array.from({ length: validation.count }, (_, i) => i));
  const pred = (best.predict(tf.tensor5d(x, [validation.count, 3, 12, 12, 1])) as tf.Tensor)
    .dataSync();
  let sse = 0;
  for (let i = 0; i < pred.length; i++) sse += (pred[i] - y[i]) ** 2;
  const direct = sse / validation.count;
  assert.ok(
    Math.abs(direct - result.bestValLoss!) < 1e-4 * direct,
    `${direct} vs ${result.bestValLoss}`,
  );
  // the model left in memory is the best one
  assert.equal(await evaluate(model, validation, 8), result.bestValLoss);
  assert.equal(manifest.seed, 5);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("trainer: early stopping stops after `patience` epochs without improvement", async () => {
  await useBackend("wasm");
  const { result } = await run(undefined, 1);
  const val = result.history.map((h) => h.valLoss!);
  for (let e = 1; e < val.length - 1; e++) {
    assert.ok(val[e] < Math.min(...val.slice(0, e)), "continued only while improving");
  }
  if (result.stoppedEarly) {
    assert.ok(val[val.length - 1] >= Math.min(...val.slice(0, -1)));
  } else {
    assert.equal(val.length, 4);
  }
});

Deno.test("trainer: resuming from a corrupt last/ checkpoint is an error naming it, unless told to restart", async () => {
  await useBackend("cpu");
  const dir = await Deno.makeTempDir();
  try {
    const first = await run(dir);
    first.model.dispose();
    const weights = await Deno.readFile(`${dir}/last/weights.bin`);
    weights[weights.length - 1] ^= 1;
    await Deno.writeFile(`${dir}/last/weights.bin`, weights);
    await assert.rejects(run(dir), (error: Error) => {
      assert.equal(error.name, "InputError");
      assert.match(error.message, /last.*weights\.bin/);
      assert.match(error.message, /--restart-unit/);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
    const model = buildFramePredictor(config, 11);
    const { train, validation } = data();
    const result = await fit({
      model,
      train,
      validation,
      epochs: 1,
      batchSize: 8,
      learningRate: 1e-2,
      seed: 5,
      dir,
      onCorruptCheckpoint: "restart",
    });
    assert.equal(result.resumedFromEpoch, null);
    model.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
