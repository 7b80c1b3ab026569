/**
 * A small, honest end-to-end training: a two-layer conv net learns to predict the next
 * frame of bars drifting one pixel per frame. Used to check that every backend trains
 * (the losses from one seed agree across backends) and as a quick smoke test.
 */
import { tf } from "../backend/tf.ts";
import { Rng } from "../util/rng.ts";

/** Options of {@link trainDemo}. */
export interface DemoOptions {
  /** Seeds the weights and the bars. */
  seed: number;
  /** Adam steps. */
  steps: number;
  /** Frame height = width in pixels. */
  size: number;
  /** Samples per step. */
  batch: number;
  /** Channels of the hidden convolution. */
  channels: number;
  /** Adam learning rate. */
  learningRate: number;
}

/**
 * Drifting-bar clips: input frame t, target frame t+1 (shifted by the bar's velocity).
 *
 * @example
 * ```ts
 * import { driftingBars } from "@prevision/prevision/train";
 * import { Rng } from "@prevision/prevision";
 * const { x, y } = driftingBars(new Rng(1), 4, 16); // 4 frames of 16×16 and their successors
 * ```
 */
export function driftingBars(
  rng: Rng,
  batch: number,
  size: number,
): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(batch * size * size);
  const y = new Float32Array(batch * size * size);
  for (let b = 0; b < batch; b++) {
    const vertical = rng.bernoulli(0.5);
    const dir = rng.bernoulli(0.5) ? 1 : -1;
    const pos = rng.int(size);
    const width = 1 + rng.int(3);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const c = vertical ? j : i;
        const inBar = (p: number) => ((c - p) % size + size) % size < width;
        x[(b * size + i) * size + j] = inBar(pos) ? 1 : 0;
        y[(b * size + i) * size + j] = inBar(pos + dir) ? 1 : 0;
      }
    }
  }
  return { x, y };
}

function uniformInit(rng: Rng, shape: number[], bound: number): tf.Variable {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = rng.range(-bound, bound);
  return tf.variable(tf.tensor(values, shape));
}

/**
 * Trains the demo net; returns the loss after every step.
 *
 * @example
 * ```ts
 * import { trainDemo } from "@prevision/prevision/train";
 * const losses = await trainDemo({
 *   seed: 1,
 *   steps: 20,
 *   size: 12,
 *   batch: 4,
 *   channels: 4,
 *   learningRate: 0.02,
 * });
 * ```
 */
export async function trainDemo(options: DemoOptions): Promise<number[]> {
  const { seed, steps, size, batch, channels, learningRate } = options;
  const rng = new Rng(seed);
  const w1 = uniformInit(rng, [3, 3, 1, channels], 1 / 3);
  const b1 = tf.variable(tf.zeros([channels]));
  const w2 = uniformInit(rng, [3, 3, channels, 1], 1 / Math.sqrt(9 * channels));
  const b2 = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.adam(learningRate);
  const data = new Rng(seed, 1);
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const { x, y } = driftingBars(data, batch, size);
      const xs = tf.tensor4d(x, [batch, size, size, 1]);
      const ys = tf.tensor4d(y, [batch, size, size, 1]);
      const loss = optimizer.minimize(() => {
        const h = tf.relu(tf.add(tf.conv2d(xs, w1 as tf.Tensor4D, 1, "same"), b1)) as tf.Tensor4D;
        const out = tf.sigmoid(tf.add(tf.conv2d(h, w2 as tf.Tensor4D, 1, "same"), b2));
        return tf.mean(tf.square(tf.sub(out, ys)));
      }, true)!;
      losses.push((await loss.data())[0]);
      tf.dispose([xs, ys, loss]);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([w1, b1, w2, b2]);
  }
  return losses;
}
