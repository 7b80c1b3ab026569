/**
 * The ReLU recurrence h_t = relu(u_t + h_{t−1} W) (h_0 = 0) as one differentiable op that
 * returns the last state. Hand-written backpropagation through time keeps the backward
 * pass to one product per step plus a single large product for ∂W (Σ_t h_{t−1}ᵀ δ_t over
 * all steps at once), instead of tfjs's per-step transposed products.
 */
import { tf } from "../backend/tf.ts";

type CustomGradFunc = Parameters<typeof tf.customGrad>[0];

const recurrence = (u: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  const [steps, batch, n] = u.shape as [number, number, number];
  const [states, last] = tf.tidy(() => {
    const us = tf.unstack(u);
    let h = tf.relu(us[0]) as tf.Tensor2D;
    const hs: tf.Tensor2D[] = [h];
    for (let t = 1; t < steps; t++) {
      h = tf.relu(tf.add(us[t], tf.matMul(h, w as tf.Tensor2D))) as tf.Tensor2D;
      hs.push(h);
    }
    return [tf.stack(hs), tf.clone(h)];
  });
  save([w, states]);
  return {
    value: last,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sw, sh] = saved;
      return tf.tidy(() => {
        const wt = tf.transpose(sw) as tf.Tensor2D;
        const hs = tf.unstack(sh) as tf.Tensor2D[];
        const deltas: tf.Tensor2D[] = new Array(steps);
        let dh = dy as tf.Tensor2D;
        for (let t = steps - 1; t >= 0; t--) {
          const delta = tf.mul(dh, tf.step(hs[t])) as tf.Tensor2D;
          deltas[t] = delta;
          if (t > 0) dh = tf.matMul(delta, wt);
        }
        const du = tf.stack(deltas);
        if (steps === 1) return [du, tf.zerosLike(sw)];
        const prev = tf.reshape(tf.slice(sh, [0, 0, 0], [steps - 1, batch, n]), [-1, n]);
        const next = tf.reshape(tf.slice(du, [1, 0, 0], [steps - 1, batch, n]), [-1, n]);
        const dw = tf.matMul(tf.transpose(prev) as tf.Tensor2D, next as tf.Tensor2D);
        return [du, dw];
      });
    },
  };
};

/**
 * Last hidden state of a ReLU RNN driven by `u` (steps × batch × n, already projected
 * inputs plus bias) with recurrent weights `w` (n × n, row = from, column = to).
 */
export const reluRecurrence = tf.customGrad(recurrence as unknown as CustomGradFunc) as (
  u: tf.Tensor3D,
  w: tf.Tensor2D,
) => tf.Tensor2D;
