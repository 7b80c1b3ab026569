/**
 * PrevisionChannelAffine (wasm): y = x·a + b with per-channel a and b (the last axis), in
 * one SIMD pass; batch norm at inference is this with a = γ/√(var + ε), b = β − mean·a.
 *
 * @module
 */
import type { tf } from "../tf.ts";
import { ptr } from "./_simd.ts";
import { channelAffine } from "./_channels.ts";
import type { Info, WasmBackend } from "./_util.ts";

function channelAffineKernel(
  args: { inputs: Record<string, Info>; backend: unknown },
): Info {
  const backend = args.backend as WasmBackend;
  const { x, a, b } = args.inputs;
  const c = x.shape[x.shape.length - 1];
  const rows = x.shape.reduce((p, q) => p * q, 1) / c;
  const y = backend.makeOutput(x.shape, "float32");
  channelAffine(
    backend,
    ptr(backend, y),
    ptr(backend, x),
    0,
    rows,
    c,
    ptr(backend, a),
    0,
    ptr(backend, b),
  );
  return y;
}

/** Kernel config (registered by ./register.ts). */
export const channelAffineConfig: tf.KernelConfig = {
  kernelName: "PrevisionChannelAffine",
  backendName: "wasm",
  kernelFunc: channelAffineKernel as unknown as tf.KernelFunc,
};
