import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { waveBlockContrastiveLoss } from "../../src/train/wave_block_loss.ts";
import { temporalContrastiveLoss } from "../../src/train/contrastive.ts";
import { InputError } from "../../src/util/errors.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

Deno.test("wave-block loss: a tiny case computed by hand", async () => {
  await useBackend("cpu");
  // Wave 0: frames t = 0, 1, 2 (unit vectors at 0°, 90°, 180°); wave 1: one frame at 0°
  // (no positive: its anchor is dropped). τ = 1, k = 1. Similarities are cosines.
  const z = tf.tensor2d([[1, 0], [0, 1], [-1, 0], [1, 0]]);
  const loss = waveBlockContrastiveLoss(z, [0, 0, 0, 1], [0, 1, 2, 0], { tau: 1 });
  const e = Math.exp;
  // Anchor 0: positive frame 1 (cos 0); denominator: frame 3 only (cos 1) → −log(e⁰/e¹) = 1.
  const l0 = -Math.log(e(0) / e(1));
  // Anchor 1: positives frames 0 and 2 (cos 0, 0); denominator frame 3 (cos 0) → −log 2.
  const l1 = -Math.log((e(0) + e(0)) / e(0));
  // Anchor 2: positive frame 1 (cos 0); denominator frame 3 (cos −1) → −1.
  const l2 = -Math.log(e(0) / e(-1));
  const expected = (l0 + l1 + l2) / 3; // = −log(2)/3
  assert.ok(Math.abs(loss.dataSync()[0] - expected) < 1e-5, `${loss.dataSync()[0]} vs ${expected}`);
  // InfoNCE on the same batch differs (positive in its denominator, one term per pair).
  const info = temporalContrastiveLoss(z, [0, 0, 0, 1], [0, 1, 2, 0], { tau: 1 }).dataSync()[0];
  assert.ok(Math.abs(info - expected) > 0.1);
  tf.dispose([z, loss]);
});

Deno.test("wave-block loss: τ scales similarities; k picks the positives; gradient is finite", async () => {
  await useBackend("cpu");
  const z = tf.tensor2d([[1, 0], [0.6, 0.8], [0, 1], [-0.6, 0.8], [0.8, -0.6]]);
  const waves = [0, 0, 0, 1, 1];
  const times = [0, 1, 2, 0, 1];
  const rows = z.arraySync();
  const s = (i: number, j: number) => rows[i][0] * rows[j][0] + rows[i][1] * rows[j][1];
  // k = 2: only frames 0 and 2 of wave 0 are positives of each other; wave 1 has none.
  const tau = 0.5;
  const byHand = [[0, 2], [2, 0]].map(([a, p]) =>
    -Math.log(Math.exp(s(a, p) / tau) / (Math.exp(s(a, 3) / tau) + Math.exp(s(a, 4) / tau)))
  );
  const got = waveBlockContrastiveLoss(z, waves, times, { k: 2, tau }).dataSync()[0];
  assert.ok(Math.abs(got - (byHand[0] + byHand[1]) / 2) < 1e-5);
  const grad = tf.grad((x: tf.Tensor) =>
    waveBlockContrastiveLoss(x as tf.Tensor2D, waves, times, { k: 1 })
  )(z);
  assert.ok(grad.dataSync().every(Number.isFinite));
  // Rows of wave 1 (anchors with a positive at k = 1) do get a gradient.
  assert.ok(Math.abs(grad.dataSync()[6]) + Math.abs(grad.dataSync()[7]) > 0);
  tf.dispose([z, grad]);
});

Deno.test("wave-block loss: one wave, or no positive pair, is an input error", async () => {
  await useBackend("cpu");
  const z = tf.tensor2d([[1, 0], [0, 1], [1, 0]]);
  assert.throws(() => waveBlockContrastiveLoss(z, [0, 0, 0], [0, 1, 2]), InputError);
  assert.throws(() => waveBlockContrastiveLoss(z, [0, 1, 2], [0, 0, 0]), InputError);
  z.dispose();
});
