/**
 * The ReLU recurrence h_t = relu(u_t + h_{t−1} W) (h_0 = 0) as one differentiable op over
 * per-step inputs, returning the last state. Hand-written backpropagation through time
 * keeps the backward pass to one product per step plus one large product for ∂W
 * (Σ_t h_{t−1}ᵀ δ_t as [n, (T−1)·B] × [(T−1)·B, n]). Per-step tensors are kept as lists:
 * on the WASM backend slicing a step out of a 3-D tensor costs ~15 ms (measured), far more
 * than the step's product.
 */
import { tf } from "../backend/tf.ts";

type CustomGradFunc = Parameters<typeof tf.customGrad>[0];

function makeRecurrence(steps: number) {
  return (...args: unknown[]) => {
    const us = args.slice(0, steps) as tf.Tensor2D[];
    const w = args[steps] as tf.Tensor2D;
    const save = args[steps + 1] as tf.GradSaveFunc;
    const hs = tf.tidy(() => {
      let h = tf.relu(us[0]) as tf.Tensor2D;
      const out: tf.Tensor2D[] = [h];
      for (let t = 1; t < steps; t++) {
        h = tf.relu(tf.add(us[t], tf.matMul(h, w))) as tf.Tensor2D;
        out.push(h);
      }
      return out;
    });
    save([w, ...hs]);
    return {
      value: tf.clone(hs[steps - 1]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const sw = saved[0] as tf.Tensor2D;
        const sh = saved.slice(1) as tf.Tensor2D[];
        return tf.tidy(() => {
          const wt = tf.transpose(sw) as tf.Tensor2D;
          const deltas: tf.Tensor2D[] = new Array(steps);
          let dh = dy as tf.Tensor2D;
          for (let t = steps - 1; t >= 0; t--) {
            const delta = tf.mul(dh, tf.step(sh[t])) as tf.Tensor2D;
            deltas[t] = delta;
            if (t > 0) dh = tf.matMul(delta, wt);
          }
          if (steps === 1) return [...deltas, tf.zerosLike(sw)];
          const prevT = tf.concat(sh.slice(0, steps - 1).map((h) => tf.transpose(h)), 1);
          const next = tf.concat(deltas.slice(1), 0);
          const dw = tf.matMul(prevT as tf.Tensor2D, next as tf.Tensor2D);
          return [...deltas, dw];
        });
      },
    };
  };
}

const cache = new Map<number, (...args: tf.Tensor[]) => tf.Tensor2D>();

/**
 * Last hidden state of a ReLU RNN driven by per-step inputs `us` (each batch × n, already
 * projected plus bias) with recurrent weights `w` (n × n, row = from, column = to).
 */
export function reluRecurrence(us: tf.Tensor2D[], w: tf.Tensor2D): tf.Tensor2D {
  let op = cache.get(us.length);
  if (!op) {
    op = tf.customGrad(makeRecurrence(us.length) as unknown as CustomGradFunc) as (
      ...args: tf.Tensor[]
    ) => tf.Tensor2D;
    cache.set(us.length, op);
  }
  return op(...us, w);
}
