/**
 * The ResNet encoder + SimCLR projector on wasm (fused batch norm, whole-input convs as one
 * product, threaded F(4×4, 3×3) 3×3 convs) against the CPU backend (tfjs's own ops): every
 * parameter's gradient of the temporal contrastive loss within 1e-4 relative error, and the
 * same loss within 1e-3 after 20 Adam steps. The 32×32 input gives 8×8 and 4×4 maps with 16
 * channels (threaded Winograd) and 2×2 and 1×1 maps (products), with strided blocks between.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { Rng } from "../../src/util/rng.ts";
import { RESNET18, ResNetEncoder } from "../../src/models/resnet.ts";
import { Projector, projectorPreset } from "../../src/models/projector.ts";
import { applyBnUpdates, type BnUpdates } from "../../src/models/layers.ts";
import { temporalContrastiveLoss } from "../../src/train/contrastive.ts";
import { jobStats } from "../../src/backend/wasm/threads/pool.ts";

setQuiet(true);

const CONFIG = { ...RESNET18, inChannels: 1, widths: [16, 16, 32, 32], blocks: [1, 1, 1, 1] };
const N = 8, SIZE = 32;
const ids = Array.from({ length: N }, (_, i) => i >> 2);
const times = Array.from({ length: N }, (_, i) => i % 4);
const pixels = (() => {
  const rng = new Rng(5);
  return Float32Array.from({ length: N * SIZE * SIZE }, () => rng.uniform());
})();

function build() {
  const enc = new ResNetEncoder(CONFIG, 3);
  const head = new Projector(projectorPreset("simclr", enc.featureDim), 3);
  const x = tf.tensor4d(pixels, [N, SIZE, SIZE, 1]);
  const vars = [...enc.params.trainable, ...head.params.trainable];
  const loss = (updates?: BnUpdates) => {
    const z = head.apply(enc.apply(x, true, updates).features, true, updates);
    return temporalContrastiveLoss(z, ids, times, { tau: 0.5 });
  };
  const dispose = () => {
    enc.dispose();
    head.dispose();
    x.dispose();
  };
  return { vars, loss, dispose, enc };
}

async function gradients(backend: "cpu" | "wasm") {
  await useBackend(backend);
  const m = build();
  const { value, grads } = tf.variableGrads(() => m.loss(), m.vars);
  const out = await Promise.all(m.vars.map((v) => grads[v.name].data() as Promise<Float32Array>));
  const loss = (await value.data())[0];
  tf.dispose([value, ...Object.values(grads)]);
  m.dispose();
  return { out, loss };
}

async function train(backend: "cpu" | "wasm", steps: number) {
  await useBackend(backend);
  const m = build();
  const optimizer = tf.train.adam(1e-3);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const updates: BnUpdates = [];
    const loss = optimizer.minimize(() => m.loss(updates), true, m.vars)!;
    applyBnUpdates(updates);
    losses.push((await loss.data())[0]);
    loss.dispose();
  }
  // evaluation mode reads the running statistics the updates produced
  const features = tf.tidy(() =>
    m.enc.apply(tf.tensor4d(pixels, [N, SIZE, SIZE, 1]), false).features
  );
  const eval_ = (await features.data()) as Float32Array;
  features.dispose();
  optimizer.dispose();
  m.dispose();
  return { losses, eval: eval_ };
}

const relErr = (a: Float32Array, b: Float32Array) => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
};

Deno.test("resnet + projector: wasm gradients match cpu (relative error ≤ 1e-4)", async () => {
  const cpu = await gradients("cpu");
  jobStats(true);
  const wasm = await gradients("wasm");
  const s = jobStats();
  assert.ok(s.winograd4.calls > 0 && s.winograd4FilterGrad.calls > 0, "threaded convs ran");
  assert.ok(Math.abs(wasm.loss - cpu.loss) <= 1e-5 * Math.max(1, Math.abs(cpu.loss)));
  assert.equal(wasm.out.length, cpu.out.length);
  const scale = (g: Float32Array) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const largest = Math.max(...cpu.out.map(scale));
  wasm.out.forEach((g, i) => {
    if (scale(cpu.out[i]) < 1e-6 * largest) {
      // zero in exact arithmetic (the bias of a layer followed by batch norm): rounding noise
      // on both sides, so only its size is compared
      assert.ok(scale(g) < 1e-6 * largest, `parameter ${i}: ${scale(g)} should be ≈ 0`);
      return;
    }
    const err = relErr(g, cpu.out[i]);
    assert.ok(err <= 1e-4, `parameter ${i}: relative error ${err}`);
  });
});

Deno.test("resnet + projector: 20 Adam steps on wasm and cpu end within 1e-3", async () => {
  const cpu = await train("cpu", 20);
  const wasm = await train("wasm", 20);
  assert.ok(cpu.losses[19] < cpu.losses[0], "it trains");
  for (let i = 0; i < 20; i++) {
    assert.ok(
      Math.abs(wasm.losses[i] - cpu.losses[i]) <= 1e-3,
      `step ${i}: ${wasm.losses[i]} vs ${cpu.losses[i]}`,
    );
  }
});

Deno.test("resnet: running statistics after a step agree (evaluation mode)", async () => {
  // one step only: over 20, Adam turns rounding-level gradient differences (e.g. of biases
  // before batch norm, zero in exact arithmetic) into ±lr updates, and the weights drift
  const cpu = await train("cpu", 1);
  const wasm = await train("wasm", 1);
  const err = relErr(wasm.eval, cpu.eval);
  assert.ok(err <= 1e-4, `evaluation-mode features: relative error ${err}`);
});
