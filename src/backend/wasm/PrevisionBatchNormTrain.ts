/**
 * PrevisionBatchNormTrain (wasm): training-mode batch norm over every axis but the last
 * (channels), with batch statistics: y = γ·(x − μ)/√(σ² + ε) + β, σ² the biased variance
 * (as tf.moments). One SIMD pass for Σx and Σx² (f64 block sums), one for y.
 * Outputs [y, mean, invStd].
 *
 * @module
 */
import type { tf } from "../tf.ts";
import { f32At, f64At, ptr, scratch } from "./_simd.ts";
import { channelAffine, channelSums } from "./_channels.ts";
import { f32, type Info, type WasmBackend } from "./_util.ts";

function batchNormTrain(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info[] {
  const backend = args.backend as WasmBackend;
  const { x, gamma, beta } = args.inputs;
  const eps = args.attrs.epsilon as number;
  const c = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, b) => a * b, 1) / c;
  const y = backend.makeOutput(x.shape, "float32");
  const mean = backend.makeOutput([c], "float32");
  const invStd = backend.makeOutput([c], "float32");
  const s = scratch(backend, c * 16 + c * 8);
  const sum = s.at, sumSq = s.at + c * 8, scale = s.at + c * 16, shift = scale + c * 4;
  f64At(backend, sum, 2 * c).fill(0);
  channelSums(backend, ptr(backend, x), ptr(backend, x), rows, c, sum, sumSq);
  const sums = f64At(backend, sum, c), sq = f64At(backend, sumSq, c);
  const g = f32(backend, gamma), bt = f32(backend, beta);
  const m = f32(backend, mean), is = f32(backend, invStd);
  const sc = f32At(backend, scale, c), sh = f32At(backend, shift, c);
  for (let i = 0; i < c; i++) {
    const mu = sums[i] / rows;
    const inv = 1 / Math.sqrt(Math.max(0, sq[i] / rows - mu * mu) + eps);
    m[i] = mu;
    is[i] = inv;
    sc[i] = g[i] * inv;
    sh[i] = bt[i] - mu * g[i] * inv;
  }
  channelAffine(backend, ptr(backend, y), ptr(backend, x), 0, rows, c, scale, 0, shift);
  s.free();
  return [y, mean, invStd];
}

/** Kernel config (registered by ./register.ts). */
export const batchNormTrainConfig: tf.KernelConfig = {
  kernelName: "PrevisionBatchNormTrain",
  backendName: "wasm",
  kernelFunc: batchNormTrain as unknown as tf.KernelFunc,
};
