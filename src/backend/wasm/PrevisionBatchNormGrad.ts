/**
 * PrevisionBatchNormGrad (wasm): gradients of {@link ./PrevisionBatchNormTrain.ts}.
 * With x̂ = (x − μ)·s (s = 1/√(σ² + ε)) and N rows: dβ = Σdy, dγ = Σdy·x̂ and
 * dx = γs·(dy − dβ/N − x̂·dγ/N), i.e. a per-channel affine map of (dy, x): one SIMD pass
 * for Σdy and Σx·dy, one for dx. Outputs [dx, dγ, dβ].
 *
 * @module
 */
import type { tf } from "../tf.ts";
import { f32At, f64At, ptr, scratch } from "./_simd.ts";
import { channelAffine, channelSums } from "./_channels.ts";
import { f32, type Info, type WasmBackend } from "./_util.ts";

function batchNormGrad(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info[] {
  const backend = args.backend as WasmBackend;
  const { dy, x, gamma, mean, invStd } = args.inputs;
  const c = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((a, b) => a * b, 1) / c;
  const dx = backend.makeOutput(x.shape, "float32");
  const dGamma = backend.makeOutput([c], "float32");
  const dBeta = backend.makeOutput([c], "float32");
  const s = scratch(backend, c * 16 + c * 12);
  const sumDy = s.at, sumXDy = s.at + c * 8, a = s.at + c * 16, b = a + c * 4, c0 = b + c * 4;
  f64At(backend, sumDy, 2 * c).fill(0);
  channelSums(backend, ptr(backend, x), ptr(backend, dy), rows, c, sumDy, sumXDy);
  const sDy = f64At(backend, sumDy, c), sXDy = f64At(backend, sumXDy, c);
  const g = f32(backend, gamma), m = f32(backend, mean), is = f32(backend, invStd);
  const dg = f32(backend, dGamma), dbt = f32(backend, dBeta);
  const av = f32At(backend, a, c), bv = f32At(backend, b, c), cv = f32At(backend, c0, c);
  for (let i = 0; i < c; i++) {
    const gHat = (sXDy[i] - m[i] * sDy[i]) * is[i]; // Σ dy·x̂
    dg[i] = gHat;
    dbt[i] = sDy[i];
    const A = g[i] * is[i], s1 = sDy[i] / rows, s2 = gHat / rows;
    av[i] = A;
    bv[i] = -A * s2 * is[i];
    cv[i] = -A * s1 + A * s2 * is[i] * m[i];
  }
  channelAffine(backend, ptr(backend, dx), ptr(backend, dy), ptr(backend, x), rows, c, a, b, c0);
  s.free();
  return [dx, dGamma, dBeta];
}

/** Kernel config (registered by ./register.ts). */
export const batchNormGradConfig: tf.KernelConfig = {
  kernelName: "PrevisionBatchNormGrad",
  backendName: "wasm",
  kernelFunc: batchNormGrad as unknown as tf.KernelFunc,
};
