/**
 * Conv2D (wasm): stride-1 'same' 3×3 convolutions that F(4×4, 3×3) fits run on our
 * threaded Winograd kernels (./_conv_same3.ts); every other conv goes to tfjs's own kernel
 * (XNNPACK, one thread under Deno). Same results up to float rounding (Winograd's error is
 * 2–6e-6 relative, docs/performance.md).
 *
 * @module
 */
import type { tf } from "../tf.ts";
import { type Info, stockKernel, type WasmBackend } from "./_util.ts";
import { same3Conv, same3Fits } from "./_conv_same3.ts";

function conv2D(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { x, filter } = args.inputs;
  const attrs = args.attrs as unknown as tf.Conv2DAttrs;
  if (same3Fits(backend, x.shape, filter.shape, attrs)) {
    return same3Conv(backend, x, filter, false);
  }
  return stockKernel("Conv2D")(args as unknown as Parameters<tf.KernelFunc>[0]) as Info;
}

/** Kernel config (registered by ./register.ts). */
export const conv2DConfig: tf.KernelConfig = {
  kernelName: "Conv2D",
  backendName: "wasm",
  kernelFunc: conv2D as unknown as tf.KernelFunc,
};
