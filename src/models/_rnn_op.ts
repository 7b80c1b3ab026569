/**
 * The SimpleRNN layer, h_t = relu(x_t W_in + b + h_{t−1} W) with h_0 = 0, as one
 * differentiable op over per-step inputs that returns the last state. Hand-written
 * backpropagation through time keeps the backward pass to one product per step plus one
 * large product each for ∂W (Σ_t h_{t−1}ᵀ δ_t) and ∂W_in (Σ_t x_tᵀ δ_t). Per-step tensors are
 * kept as lists: on the WASM backend slicing a step out of a 3-D tensor costs ~15 ms
 * (measured), far more than the step's product; the input projection uses a fused
 * product + bias kernel.
 */
import { tf } from "../backend/tf.ts";

type CustomGradFunc = Parameters<typeof tf.customGrad>[0];

function makeLayer(steps: number) {
  return (...args: unknown[]) => {
    const xs = args.slice(0, steps) as tf.Tensor2D[];
    const [wIn, bias, w] = args.slice(steps, steps + 3) as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];
    const save = args[steps + 3] as tf.GradSaveFunc;
    const hs = tf.tidy(() => {
      let h = tf.fused.matMul({ a: xs[0], b: wIn, bias, activation: "relu" }) as tf.Tensor2D;
      const out: tf.Tensor2D[] = [h];
      for (let t = 1; t < steps; t++) {
        // (WASM's fused product takes only a rank-1 bias, so the recurrent sum is separate.)
        const u = tf.fused.matMul({ a: xs[t], b: wIn, bias });
        h = tf.relu(tf.add(u, tf.matMul(h, w))) as tf.Tensor2D;
        out.push(h);
      }
      return out;
    });
    save([w, ...xs, ...hs]);
    return {
      value: tf.clone(hs[steps - 1]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const sw = saved[0] as tf.Tensor2D;
        const sx = saved.slice(1, steps + 1) as tf.Tensor2D[];
        const sh = saved.slice(steps + 1) as tf.Tensor2D[];
        return tf.tidy(() => {
          const wt = tf.transpose(sw) as tf.Tensor2D;
          const deltas: tf.Tensor2D[] = new Array(steps);
          let dh = dy as tf.Tensor2D;
          for (let t = steps - 1; t >= 0; t--) {
            const delta = tf.mul(dh, tf.step(sh[t])) as tf.Tensor2D;
            deltas[t] = delta;
            if (t > 0) dh = tf.matMul(delta, wt);
          }
          const all = tf.concat(deltas, 0) as tf.Tensor2D;
          const xT = tf.concat(sx.map((x) => tf.transpose(x)), 1) as tf.Tensor2D;
          const dWin = tf.matMul(xT, all);
          const db = tf.sum(all, 0);
          const dxs = sx.map((x) => tf.zerosLike(x));
          if (steps === 1) return [...dxs, dWin, db, tf.zerosLike(sw)];
          const prevT = tf.concat(sh.slice(0, steps - 1).map((h) => tf.transpose(h)), 1);
          const next = tf.concat(deltas.slice(1), 0);
          const dw = tf.matMul(prevT as tf.Tensor2D, next as tf.Tensor2D);
          return [...dxs, dWin, db, dw];
        });
      },
    };
  };
}

const cache = new Map<number, (...args: tf.Tensor[]) => tf.Tensor2D>();

/**
 * Last hidden state of a ReLU RNN: per-step inputs `xs` (each batch × inputs), input
 * kernel `wIn` (inputs × n), bias (n) and recurrent weights `w` (n × n, row = from,
 * column = to). Inputs get no gradient (zeros); the three weights do.
 */
export function reluRnnLayer(
  xs: tf.Tensor2D[],
  wIn: tf.Tensor2D,
  bias: tf.Tensor1D,
  w: tf.Tensor2D,
): tf.Tensor2D {
  let op = cache.get(xs.length);
  if (!op) {
    op = tf.customGrad(makeLayer(xs.length) as unknown as CustomGradFunc) as (
      ...args: tf.Tensor[]
    ) => tf.Tensor2D;
    cache.set(xs.length, op);
  }
  return op(...xs, wIn, bias, w);
}
