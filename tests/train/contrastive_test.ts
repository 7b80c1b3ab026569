import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import {
  temporalContrastiveLoss,
  temporalPairs,
  waveBatches,
} from "../../src/train/contrastive.ts";
import { Rng } from "../../src/util/rng.ts";
import { InputError } from "../../src/util/errors.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

/** The loss written out term by term in float64, straight from its definition. */
function directLoss(z: number[][], wave: number[], time: number[], k: number, tau: number) {
  const n = z.length;
  const s = (i: number, j: number) => z[i].reduce((a, v, d) => a + v * z[j][d], 0) / tau;
  let total = 0;
  let count = 0;
  for (let a = 0; a < n; a++) {
    for (let p = 0; p < n; p++) {
      if (p === a || wave[p] !== wave[a] || Math.abs(time[p] - time[a]) !== k) continue;
      let denom = Math.exp(s(a, p));
      for (let l = 0; l < n; l++) if (wave[l] !== wave[a]) denom += Math.exp(s(a, l));
      total += -Math.log(Math.exp(s(a, p)) / denom);
      count++;
    }
  }
  return total / count;
}

function randomUnitRows(rng: Rng, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

const wave = [0, 0, 0, 1, 1, 2, 2, 2, 2];
const time = [0, 1, 2, 0, 1, 0, 1, 2, 3];

Deno.test("contrastive: pairs are same-wave frames k apart, both directions", () => {
  const { anchor, positive } = temporalPairs(wave, time, 2);
  assert.deepEqual(anchor, [0, 2, 5, 7, 6, 8]);
  assert.deepEqual(positive, [2, 0, 7, 5, 8, 6]);
});

Deno.test("contrastive: loss matches the direct computation for k = 1, 2 and several τ", async () => {
  await useBackend("cpu");
  const rng = new Rng(5);
  for (const [k, tau] of [[1, 0.5], [2, 0.5], [1, 0.1], [1, 2]]) {
    const z = randomUnitRows(rng, wave.length, 6);
    const got = temporalContrastiveLoss(tf.tensor2d(z), wave, time, { k, tau });
    const want = directLoss(z, wave, time, k, tau);
    assert.ok(Math.abs(got.dataSync()[0] - want) < 1e-4 * Math.max(1, want), `${got} vs ${want}`);
    got.dispose();
  }
});

Deno.test("contrastive: gradient matches central finite differences of the direct loss", async () => {
  await useBackend("cpu");
  const rng = new Rng(8);
  const z = randomUnitRows(rng, wave.length, 5);
  const grad = tf.grad((x: tf.Tensor) =>
    temporalContrastiveLoss(x as tf.Tensor2D, wave, time, { tau: 0.5 })
  )(tf.tensor2d(z));
  const g = grad.arraySync() as number[][];
  const h = 1e-5;
  let maxErr = 0;
  let maxAbs = 0;
  for (let i = 0; i < z.length; i++) {
    for (let d = 0; d < z[0].length; d++) {
      const up = z.map((r) => r.slice());
      const down = z.map((r) => r.slice());
      up[i][d] += h;
      down[i][d] -= h;
      const fd = (directLoss(up, wave, time, 1, 0.5) - directLoss(down, wave, time, 1, 0.5)) /
        (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - g[i][d]));
      maxAbs = Math.max(maxAbs, Math.abs(fd));
    }
  }
  assert.ok(maxAbs > 1e-3, "gradient should not vanish");
  assert.ok(maxErr < 1e-3 * maxAbs + 1e-5, `max gradient error ${maxErr} (scale ${maxAbs})`);
  grad.dispose();
});

Deno.test("contrastive: embeddings that identify their wave drive the loss down", async () => {
  await useBackend("cpu");
  // Frames of each wave share a direction; other waves are orthogonal → low loss.
  const aligned = wave.map((w) => [0, 1, 2].map((d) => (d === w ? 1 : 0)));
  const shuffled = randomUnitRows(new Rng(2), wave.length, 3);
  const low = directLoss(aligned, wave, time, 1, 0.5);
  const high = directLoss(shuffled, wave, time, 1, 0.5);
  assert.ok(low < high, `${low} vs ${high}`);
  const got = temporalContrastiveLoss(tf.tensor2d(aligned), wave, time);
  assert.ok(Math.abs(got.dataSync()[0] - low) < 1e-5);
});

Deno.test("contrastive: bad batches are InputErrors", async () => {
  await useBackend("cpu");
  const z = tf.tensor2d(randomUnitRows(new Rng(1), 3, 2));
  assert.throws(() => temporalContrastiveLoss(z, [0, 0, 0], [0, 1, 2]), InputError);
  assert.throws(() => temporalContrastiveLoss(z, [0, 1, 2], [0, 0, 0]), InputError);
  assert.throws(() => temporalContrastiveLoss(z, [0, 1], [0, 1]), InputError);
  z.dispose();
});

Deno.test("contrastive: batches hold whole waves (windows of long ones), ≤ maxFrames", () => {
  const clip = (count: number, v: number) => ({
    size: 2,
    count,
    frames: Float32Array.from({ length: count * 4 }, (_, i) => v * 100 + Math.floor(i / 4)),
  });
  const clips = [clip(3, 1), clip(5, 2), clip(2, 3), clip(9, 4), clip(1, 5)];
  const batches = waveBatches(clips, 8, 6, new Rng(3));
  let frames = 0;
  for (const b of batches) {
    assert.ok(b.waveIds.length <= 8 && new Set(b.waveIds).size >= 2);
    assert.equal(b.x.length, b.waveIds.length * 4);
    for (let i = 1; i < b.waveIds.length; i++) {
      if (b.waveIds[i] === b.waveIds[i - 1]) {
        // consecutive frames of one wave are consecutive frames of its clip
        assert.equal(b.x[i * 4] - b.x[(i - 1) * 4], 1);
        assert.equal(b.times[i] - b.times[i - 1], 1);
      }
    }
    frames += b.waveIds.length;
  }
  assert.ok(frames > 0 && frames <= 3 + 5 + 2 + 6);
});
