/**
 * The May et al. conv-RNN as a plain tfjs training step, for benchmarks and parity tests:
 * 3 layers of h_t = tanh(conv_x(x_t) + b + conv_h(h_{t−1})) (h_0 = 0), each followed by
 * batch norm over batch·time·space, a 3×3 conv to one channel on the last step, sigmoid,
 * loss = summed squared error per sample (mean over the batch), Adam.
 *
 * Layout: time-major [T·B, H, W, C] so that conv_x runs once over all frames and a time
 * step is a contiguous block.
 */
import { tf } from "../src/backend/tf.ts";
import { Rng } from "../src/util/rng.ts";
import { batchNormTrain, channelAffine, convRnnLayer } from "../src/ops/conv_rnn.ts";

/** Shapes of the benchmark model. */
export interface ConvRnnShape {
  batch: number;
  frames: number;
  size: number;
  channels: number;
  layers: number;
}

/** The configuration. */
export const MAY_CONV_RNN: ConvRnnShape = {
  batch: 16,
  frames: 10,
  size: 32,
  channels: 32,
  layers: 3,
};

/** A model with its optimizer and one fixed batch; `step()` runs one Adam step. */
export interface ConvRnnTrainer {
  step(): tf.Scalar;
  /**
   * Inference on a time-major sequence [T·B, H, W, 1]: the predicted next frame [B, H, W, 1],
   * batch norm with its initial running statistics (mean 0, variance 1) as one per-channel
   * affine pass, as the frame predictor runs at inference.
   */
  predict(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

function uniform(rng: Rng, shape: number[], bound: number): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.range(-bound, bound);
  return tf.tidy(() => tf.variable(tf.tensor(v, shape)));
}

/**
 * Builds the model (weights U(−1/√C, 1/√C) from `seed`) and a fixed random batch.
 * `fused`: use src/ops/conv_rnn.ts (one kernel per layer and per batch norm, hand-written
 * backward) instead of plain tfjs ops with autodiff.
 */
export function convRnnTrainer(
  s: ConvRnnShape,
  seed: number,
  options: { fused?: boolean; learningRate?: number } = {},
): ConvRnnTrainer {
  const { fused = false, learningRate = 1e-4 } = options;
  const rng = new Rng(seed);
  const c = s.channels, bound = 1 / Math.sqrt(c);
  const layers = Array.from({ length: s.layers }, (_, l) => ({
    wx: uniform(rng, [3, 3, l === 0 ? 1 : c, c], bound),
    wh: uniform(rng, [3, 3, c, c], bound),
    b: uniform(rng, [c], bound),
    gamma: tf.tidy(() => tf.variable(tf.ones([c]))),
    beta: tf.tidy(() => tf.variable(tf.zeros([c]))),
  }));
  const wOut = uniform(rng, [3, 3, c, 1], bound);
  const bOut = tf.tidy(() => tf.variable(tf.zeros([1])));
  const data = new Rng(seed, 1);
  const frames = new Float32Array(s.frames * s.batch * s.size * s.size);
  for (let i = 0; i < frames.length; i++) frames[i] = data.uniform();
  const target = new Float32Array(s.batch * s.size * s.size);
  for (let i = 0; i < target.length; i++) target[i] = data.uniform();
  const x = tf.tensor4d(frames, [s.frames * s.batch, s.size, s.size, 1]);
  const y = tf.tensor4d(target, [s.batch, s.size, s.size, 1]);
  const optimizer = tf.train.adam(learningRate);

  const loss = (): tf.Scalar => {
    let input: tf.Tensor4D = x;
    for (const layer of layers) {
      if (fused) {
        const hs = convRnnLayer(
          input,
          layer.wx as tf.Tensor4D,
          layer.b as tf.Tensor1D,
          layer.wh as tf.Tensor4D,
          s.frames,
          { inputGrad: input !== x },
        );
        input = batchNormTrain(
          hs,
          layer.gamma as tf.Tensor1D,
          layer.beta as tf.Tensor1D,
        ) as tf.Tensor4D;
        continue;
      }
      const u = tf.add(tf.conv2d(input, layer.wx as tf.Tensor4D, 1, "same"), layer.b);
      const us = tf.split(u, s.frames, 0) as tf.Tensor4D[];
      const hs: tf.Tensor4D[] = [];
      let h = tf.tanh(us[0]) as tf.Tensor4D;
      hs.push(h);
      for (let t = 1; t < s.frames; t++) {
        h = tf.tanh(tf.add(us[t], tf.conv2d(h, layer.wh as tf.Tensor4D, 1, "same")));
        hs.push(h);
      }
      const seq = tf.concat(hs, 0);
      const { mean, variance } = tf.moments(seq, [0, 1, 2]);
      input = tf.batchNorm(seq, mean, variance, layer.beta, layer.gamma, 1e-5) as tf.Tensor4D;
    }
    const last = tf.slice(input, [(s.frames - 1) * s.batch, 0, 0, 0], [s.batch, -1, -1, -1]);
    const out = tf.sigmoid(tf.add(tf.conv2d(last, wOut as tf.Tensor4D, 1, "same"), bOut));
    return tf.div(tf.sum(tf.square(tf.sub(out, y))), s.batch);
  };

  const predict = (seq: tf.Tensor4D): tf.Tensor4D =>
    tf.tidy(() => {
      const batch = seq.shape[0] / s.frames;
      let input = seq;
      for (const layer of layers) {
        const hs = convRnnLayer(
          input,
          layer.wx as tf.Tensor4D,
          layer.b as tf.Tensor1D,
          layer.wh as tf.Tensor4D,
          s.frames,
        );
        const scale = tf.div(layer.gamma, Math.sqrt(1 + 1e-5)) as tf.Tensor1D;
        input = channelAffine(hs, scale, layer.beta as tf.Tensor1D) as tf.Tensor4D;
      }
      const last = tf.slice(input, [(s.frames - 1) * batch, 0, 0, 0], [batch, -1, -1, -1]);
      return tf.sigmoid(tf.add(tf.conv2d(last, wOut as tf.Tensor4D, 1, "same"), bOut));
    });

  return {
    step: () => optimizer.minimize(loss, true) as tf.Scalar,
    predict,
    dispose() {
      optimizer.dispose();
      for (const l of layers) tf.dispose([l.wx, l.wh, l.b, l.gamma, l.beta]);
      tf.dispose([wOut, bOut, x, y]);
    },
  };
}
