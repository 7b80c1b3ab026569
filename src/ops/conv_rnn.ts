/**
 * Fused ops for recurrent conv nets. On the wasm backend (with our kernels registered)
 * each is one kernel forward and one backward with hand-written gradients; on any other
 * backend they are the same maths composed from tfjs ops, so models can call them anywhere.
 *
 * @module
 */
import { tf } from "../backend/tf.ts";

type Grad = Parameters<typeof tf.customGrad>[0];

function fused(kernel: string, channels: number): boolean {
  return tf.getBackend() === "wasm" && channels % 4 === 0 &&
    tf.getKernel(kernel, "wasm") !== undefined;
}

const layerOps = new Map<string, (...t: tf.Tensor[]) => tf.Tensor4D>();

function layerOp(frames: number, inputGrad: boolean) {
  const key = `${frames}/${inputGrad}`;
  let op = layerOps.get(key);
  if (!op) {
    const f = (x: tf.Tensor, wx: tf.Tensor, b: tf.Tensor, wh: tf.Tensor, save: tf.GradSaveFunc) => {
      const h = tf.engine().runKernel(
        "PrevisionConvRnnForward",
        { x, wx, b, wh } as unknown as tf.NamedTensorMap,
        { frames },
      ) as tf.Tensor4D;
      save([x, wx, wh, h]);
      return {
        value: h,
        gradFunc: (dh: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, swx, swh, sh] = saved;
          return tf.engine().runKernel(
            "PrevisionConvRnnBackward",
            { dh, x: sx, wx: swx, wh: swh, h: sh } as unknown as tf.NamedTensorMap,
            { frames, inputGrad },
          ) as tf.Tensor[];
        },
      };
    };
    op = tf.customGrad(f as unknown as Grad) as unknown as (...t: tf.Tensor[]) => tf.Tensor4D;
    layerOps.set(key, op);
  }
  return op;
}

/**
 * One vanilla conv-RNN layer over a time-major sequence: for x [T·B, H, W, Cin] (step t is
 * rows t·B … t·B + B − 1), h_t = tanh(conv(x_t, wx) + b + conv(h_{t−1}, wh)), h_{−1} = 0,
 * 'same' padding, stride 1. Returns every h_t as [T·B, H, W, C]. Differentiable in all
 * inputs; pass `{ inputGrad: false }` when x is data, to skip computing its gradient (it is
 * then reported as zeros).
 *
 * @example
 * ```ts
 * import { tf } from "@prevision/prevision";
 * import { convRnnLayer } from "@prevision/prevision/models";
 * const x = tf.zeros([2 * 4, 8, 8, 1]) as tf.Tensor4D; // 2 frames, batch 4
 * const h = convRnnLayer(x, tf.zeros([3, 3, 1, 8]) as tf.Tensor4D, tf.zeros([8]) as tf.Tensor1D,
 *   tf.zeros([3, 3, 8, 8]) as tf.Tensor4D, 2); // [8, 8, 8, 8]
 * ```
 */
export function convRnnLayer(
  x: tf.Tensor4D,
  wx: tf.Tensor4D,
  b: tf.Tensor1D,
  wh: tf.Tensor4D,
  frames: number,
  options: { inputGrad?: boolean } = {},
): tf.Tensor4D {
  if (x.shape[0] % frames !== 0) {
    throw new Error(`convRnnLayer: ${x.shape[0]} rows are not ${frames} frames of a batch`);
  }
  if (fused("PrevisionConvRnnForward", wh.shape[3])) {
    return layerOp(frames, options.inputGrad ?? true)(x, wx, b, wh);
  }
  return tf.tidy(() => {
    const u = tf.add(tf.conv2d(x, wx, 1, "same"), b) as tf.Tensor4D;
    // (tfjs's SplitV gradient fails for a single piece.)
    const us = frames === 1 ? [u] : tf.split(u, frames, 0) as tf.Tensor4D[];
    const hs: tf.Tensor4D[] = [];
    let h = tf.tanh(us[0]) as tf.Tensor4D;
    hs.push(h);
    for (let t = 1; t < frames; t++) {
      h = tf.tanh(tf.add(us[t], tf.conv2d(h, wh, 1, "same")));
      hs.push(h);
    }
    return frames === 1 ? hs[0] : tf.concat(hs, 0);
  });
}

let bnOp: ((...t: tf.Tensor[]) => tf.Tensor) | null = null;
let bnEps = 1e-5;

/**
 * Training-mode batch norm with batch statistics over every axis but the last:
 * γ·(x − mean)/√(var + ε) + β (biased variance, like tf.moments). Differentiable in x, γ, β.
 *
 * @example
 * ```ts
 * import { tf } from "@prevision/prevision";
 * import { batchNormTrain } from "@prevision/prevision/models";
 * const y = batchNormTrain(tf.randomNormal([4, 8, 8, 16]), tf.ones([16]), tf.zeros([16]));
 * ```
 */
export function batchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon = 1e-5,
  stats?: BatchStats,
): tf.Tensor {
  const c = x.shape[x.shape.length - 1];
  if (!fused("PrevisionBatchNormTrain", c)) {
    return tf.tidy(() => {
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const { mean, variance } = tf.moments(x, axes);
      if (stats) {
        stats.mean = tf.keep(mean) as tf.Tensor1D;
        stats.variance = tf.keep(variance) as tf.Tensor1D;
      }
      return tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
    });
  }
  statsSink = stats ?? null;
  try {
    return batchNormOp(epsilon)(x, gamma, beta);
  } finally {
    statsSink = null;
  }
}

/**
 * Where {@link batchNormTrain} puts the batch statistics it used (kept tensors, the caller
 * disposes them), e.g. to update running statistics without a second pass over x.
 */
export interface BatchStats {
  /** Per-channel mean. */
  mean?: tf.Tensor1D;
  /** Per-channel biased variance. */
  variance?: tf.Tensor1D;
}

/** The statistics request of the batchNormTrain call in progress (read by the forward). */
let statsSink: BatchStats | null = null;

function batchNormOp(epsilon: number): (...t: tf.Tensor[]) => tf.Tensor {
  if (!bnOp || bnEps !== epsilon) {
    bnEps = epsilon;
    const f = (xx: tf.Tensor, g: tf.Tensor, bt: tf.Tensor, save: tf.GradSaveFunc) => {
      const [y, mean, invStd] = tf.engine().runKernel(
        "PrevisionBatchNormTrain",
        { x: xx, gamma: g, beta: bt } as unknown as tf.NamedTensorMap,
        { epsilon },
      ) as tf.Tensor[];
      save([xx, g, mean, invStd]);
      if (statsSink) {
        statsSink.mean = tf.keep(tf.clone(mean)) as tf.Tensor1D;
        // the kernel returns 1/√(var + ε); var back from it is exact up to rounding
        statsSink.variance = tf.keep(
          tf.tidy(() => tf.sub(tf.reciprocal(tf.square(invStd)), epsilon)),
        ) as tf.Tensor1D;
      }
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sg, sm, si] = saved;
          return tf.engine().runKernel(
            "PrevisionBatchNormGrad",
            { dy, x: sx, gamma: sg, mean: sm, invStd: si } as unknown as tf.NamedTensorMap,
            {},
          ) as tf.Tensor[];
        },
      };
    };
    bnOp = tf.customGrad(f as unknown as Grad) as unknown as (...t: tf.Tensor[]) => tf.Tensor;
  }
  return bnOp;
}

let affineOp: ((...t: tf.Tensor[]) => tf.Tensor) | null = null;

/**
 * y = x·a + b with per-channel (last axis) a and b, in one pass on wasm; differentiable.
 * Batch norm at inference is this with a = γ/√(var + ε) and b = β − mean·a.
 *
 * @example
 * ```ts
 * import { tf } from "@prevision/prevision";
 * import { channelAffine } from "@prevision/prevision/models";
 * const y = channelAffine(tf.ones([2, 3, 8]), tf.fill([8], 2), tf.zeros([8])); // all 2
 * ```
 */
export function channelAffine(x: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (!fused("PrevisionChannelAffine", x.shape[x.shape.length - 1])) {
    return tf.tidy(() => tf.add(tf.mul(x, a), b));
  }
  if (!affineOp) {
    const f = (xx: tf.Tensor, aa: tf.Tensor, bb: tf.Tensor, save: tf.GradSaveFunc) => {
      save([xx, aa]);
      return {
        value: tf.engine().runKernel(
          "PrevisionChannelAffine",
          { x: xx, a: aa, b: bb } as unknown as tf.NamedTensorMap,
          {},
        ) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sa] = saved;
          const c = sx.shape[sx.shape.length - 1];
          const dy2 = dy.reshape([-1, c]);
          return [
            tf.mul(dy, sa),
            tf.sum(tf.mul(dy2, sx.reshape([-1, c])), 0),
            tf.sum(dy2, 0),
          ];
        },
      };
    };
    affineOp = tf.customGrad(f as unknown as Grad) as unknown as (...t: tf.Tensor[]) => tf.Tensor;
  }
  return affineOp(x, a, b);
}
