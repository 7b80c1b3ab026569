/**
 * Identity (wasm) without the copy: the output shares the input's data and bumps its
 * reference count, as the cpu and webgl backends (and the wasm backend's own Reshape) do.
 * tfjs data is immutable, so the copy the stock kernel makes buys nothing — and every
 * tensor a custom gradient saves for its backward pass goes through Identity (tfjs clones
 * it), which cost a conv-RNN training step about 45 ms of copying (measured).
 *
 * @module
 */
import type { tf } from "../tf.ts";
import type { Info, WasmBackend } from "./_util.ts";

function identity(args: { inputs: Record<string, Info>; backend: unknown }): Info {
  const { x } = args.inputs;
  (args.backend as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Kernel config (registered by ./register.ts). */
export const identityConfig: tf.KernelConfig = {
  kernelName: "Identity",
  backendName: "wasm",
  kernelFunc: identity as unknown as tf.KernelFunc,
};
