/**
 * `deno task bench bio_rnn [--json]`: what one training step of the Shakiba et al. 2026
 * bio-RNN costs at the paper's size (312 neurons, maze task: 50 steps), on the selected
 * backend. References measured in the same run: one 312×312 product, and tfjs autograd of
 * the plain recurrence loop (against our fused layer with hand-written BPTT). Reports the
 * communicability's cost in units of a 312×312 product. Times are medians.
 *
 * @module
 */
import { tf } from "../src/backend/tf.ts";
import { parseBackend, useBackend } from "../src/backend/mod.ts";
import type { Command } from "../src/cli/command.ts";
import { numberFlag } from "../src/cli/command.ts";
import { log } from "../src/util/log.ts";
import {
  bioWeights,
  spatialDistances,
  syntheticConnectome,
} from "../src/biology/connectome/mod.ts";
import { communicability, communicabilityPlan } from "../src/linalg/communicability.ts";
import { reluRnnLayer } from "../src/models/_rnn_op.ts";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(repeats: number, f: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const run = async () => {
    const r = f();
    const first = Array.isArray(r) ? r[0] : r;
    await first.data();
    tf.dispose(r);
  };
  await run();
  const ms: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** `deno task bench bio_rnn`. */
export const command: Command = {
  name: "bio_rnn",
  summary: "Cost of a bio-RNN training step: recurrence and communicability (expm) at n = 312.",
  flags: {
    batch: { type: "string", description: "batch size (default 32)" },
    repeats: { type: "string", description: "timed repeats (default 5)" },
  },
  async run(flags) {
    const backend = await useBackend(parseBackend(flags.backend as string | undefined));
    const batch = numberFlag(flags, "batch", 32, { integer: true, min: 1, max: 1024 });
    const repeats = numberFlag(flags, "repeats", 5, { integer: true, min: 1, max: 100 });
    const c = syntheticConnectome({ n: 312, seed: 1, bins: 300 });
    const n = c.n, steps = 50, inputs = 8;
    const w = tf.variable(tf.tensor2d(Float32Array.from(bioWeights(c, 1)), [n, n]));
    const d = tf.tensor2d(Float32Array.from(spatialDistances(c.positions, n)), [n, n]);
    const wIn = tf.randomNormal([inputs, n], 0, 0.1, "float32", 1) as tf.Tensor2D;
    const bias = tf.zeros([n]) as tf.Tensor1D;
    const xs = Array.from(
      { length: steps },
      (_, t) => tf.randomUniform([batch, inputs], 0, 1, "float32", t) as tf.Tensor2D,
    );
    const r = tf.randomNormal([batch, n], 0, 1, "float32", 9);
    const plan = await communicabilityPlan(w as tf.Tensor2D);
    const product = await time(repeats, () => tf.matMul(w, w));
    const commFwd = await time(repeats, () => communicability(w as tf.Tensor2D, plan));
    const commGrad = await time(
      repeats,
      () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(tf.mul(tf.mul(tf.abs(x), communicability(x as tf.Tensor2D, plan)), d))
        )(w),
    );
    const plain = (a: tf.Tensor, b: tf.Tensor, rec: tf.Tensor) => {
      let h = tf.relu(tf.add(tf.matMul(xs[0], a as tf.Tensor2D), b)) as tf.Tensor2D;
      for (let t = 1; t < steps; t++) {
        h = tf.relu(
          tf.add(tf.add(tf.matMul(xs[t], a as tf.Tensor2D), b), tf.matMul(h, rec as tf.Tensor2D)),
        );
      }
      return tf.sum(tf.mul(h, r));
    };
    const fused = (a: tf.Tensor, b: tf.Tensor, rec: tf.Tensor) =>
      tf.sum(tf.mul(reluRnnLayer(xs, a as tf.Tensor2D, b as tf.Tensor1D, rec as tf.Tensor2D), r));
    const rnnFused = await time(repeats, () => tf.grads(fused)([wIn, bias, w]));
    const rnnPlain = await time(Math.min(repeats, 3), () => tf.grads(plain)([wIn, bias, w]));
    tf.dispose([w, d, wIn, bias, r, ...xs]);
    const result = {
      bench: "bio_rnn",
      backend,
      batch,
      expmPlan: plan,
      productMs: product,
      communicabilityForwardMs: commFwd,
      communicabilityGradMs: commGrad,
      communicabilityGradInProducts: commGrad / product,
      rnnStepFusedMs: rnnFused,
      rnnStepPlainAutogradMs: rnnPlain,
      fusedSpeedup: rnnPlain / rnnFused,
    };
    log(
      `${backend}: 312² product ${product.toFixed(1)} ms; communicability fwd ${
        commFwd.toFixed(1)
      } ms, ` +
        `fwd+grad ${commGrad.toFixed(1)} ms (${
          (commGrad / product).toFixed(1)
        } products); RNN fwd+grad ` +
        `(batch ${batch}, 50 steps) fused ${rnnFused.toFixed(0)} ms vs tfjs autograd ${
          rnnPlain.toFixed(0)
        } ms ` +
        `(${(rnnPlain / rnnFused).toFixed(1)}×)`,
    );
    return result;
  },
};
