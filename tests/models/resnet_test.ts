import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { RESNET18, ResNetEncoder } from "../../src/models/resnet.ts";
import { Projector, projectorPreset } from "../../src/models/projector.ts";
import { applyBnUpdates, type BnUpdates } from "../../src/models/layers.ts";
import { InputError } from "../../src/util/errors.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

const count = (vars: tf.Variable[]) => vars.reduce((a, v) => a + v.size, 0);

Deno.test("resnet: ResNet-18 has torchvision's 11,176,512 parameters (without fc) and 512-d features", async () => {
  await useBackend("cpu");
  const enc = new ResNetEncoder(RESNET18, 1);
  try {
    assert.equal(count(enc.params.trainable), 11_176_512);
    assert.equal(enc.featureDim, 512);
  } finally {
    enc.dispose();
  }
});

Deno.test("resnet: a reduced encoder maps 32×32 to the expected layer shapes", async () => {
  await useBackend("cpu");
  const enc = new ResNetEncoder({ ...RESNET18, widths: [4, 8, 8], blocks: [1, 1, 1] }, 2);
  try {
    const out = enc.apply(tf.randomUniform([2, 32, 32, 3]) as tf.Tensor4D, false);
    assert.deepEqual(out.features.shape, [2, 8]);
    // stem 7×7/2 → 16×16, max pool → 8×8, stages at 8, 4, 2
    assert.deepEqual(out.layers.map((l) => l.shape), [
      [2, 8, 8, 4],
      [2, 8, 8, 4],
      [2, 4, 4, 8],
      [2, 2, 2, 8],
    ]);
    assert.throws(() => enc.apply(tf.zeros([1, 32, 32, 1]), false), InputError);
  } finally {
    enc.dispose();
  }
});

Deno.test("resnet: same seed → same weights; training mode updates running statistics", async () => {
  await useBackend("cpu");
  const cfg = { ...RESNET18, widths: [4], blocks: [1] };
  const a = new ResNetEncoder(cfg, 3);
  const b = new ResNetEncoder(cfg, 3);
  try {
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const fa = a.apply(x, false).features.dataSync();
    assert.deepEqual([...fa], [...b.apply(x, false).features.dataSync()]);
    const updates: BnUpdates = [];
    a.apply(x, true, updates);
    assert.ok(updates.length > 0);
    applyBnUpdates(updates);
    const mean = a.params.state[0].dataSync();
    assert.ok(mean.some((v) => v !== 0), "running mean should move");
    assert.notDeepEqual([...a.apply(x, false).features.dataSync()], [...fa]);
  } finally {
    a.dispose();
    b.dispose();
  }
});

Deno.test("projector: presets, unit-norm outputs, gradients reach every weight", async () => {
  await useBackend("cpu");
  assert.deepEqual(projectorPreset("simclr", 512), { inDim: 512, hidden: [512], outDim: 128 });
  assert.deepEqual(projectorPreset("wide", 512).hidden, [8192, 8192]);
  const head = new Projector({ inDim: 6, hidden: [5, 4], outDim: 3 }, 1);
  try {
    const x = tf.randomNormal([8, 6], 0, 1, "float32", 4) as tf.Tensor2D;
    const z = head.apply(x, true);
    const norms = tf.norm(z, 2, 1).dataSync();
    for (const n of norms) assert.ok(Math.abs(n - 1) < 1e-5);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(head.apply(x, true), z)) as tf.Scalar);
    const names = Object.keys(grads);
    assert.equal(names.length, head.params.trainable.length);
    assert.throws(() => new Projector({ inDim: 0, hidden: [], outDim: 2 }, 1), InputError);
  } finally {
    head.dispose();
  }
});
