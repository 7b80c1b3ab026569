/**
 * Our kernels for tfjs's `wasm` backend, registered from this one list. They fill the
 * gaps that stop the stock backend from training conv and embedding models
 * (Conv2DBackpropFilter, depthwise backprops, UnsortedSegmentSum) and replace its naive
 * Conv2DBackpropInput; Identity and contiguous Slice without the stock kernels' needless
 * copies of the whole input. The `Prevision*` kernels are fused ops of ours (conv-RNN layer,
 * training-mode batch norm, per-channel affine map) used through src/ops/conv_rnn.ts.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { captureStock } from "./_util.ts";
import { conv2DConfig } from "./Conv2D.ts";
import { conv2DBackpropFilterConfig } from "./Conv2DBackpropFilter.ts";
import { conv2DBackpropInputConfig } from "./Conv2DBackpropInput.ts";
import { depthwiseConv2dNativeBackpropFilterConfig } from "./DepthwiseConv2dNativeBackpropFilter.ts";
import { depthwiseConv2dNativeBackpropInputConfig } from "./DepthwiseConv2dNativeBackpropInput.ts";
import { unsortedSegmentSumConfig } from "./UnsortedSegmentSum.ts";
import { identityConfig } from "./Identity.ts";
import { sliceConfig } from "./Slice.ts";
import { batchNormGradConfig } from "./PrevisionBatchNormGrad.ts";
import { batchNormTrainConfig } from "./PrevisionBatchNormTrain.ts";
import { channelAffineConfig } from "./PrevisionChannelAffine.ts";
import { convRnnBackwardConfig } from "./PrevisionConvRnnBackward.ts";
import { convRnnForwardConfig } from "./PrevisionConvRnnForward.ts";

/** Every kernel we register for the wasm backend. */
export const WASM_KERNELS: readonly tf.KernelConfig[] = [
  conv2DConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  unsortedSegmentSumConfig,
  convRnnForwardConfig,
  convRnnBackwardConfig,
  batchNormTrainConfig,
  batchNormGradConfig,
  channelAffineConfig,
  identityConfig,
  sliceConfig,
];

/** The stock backend kernels our compositions call (captured before any override). */
const USED = ["Conv2D", "DepthwiseConv2dNative", "Transpose", "Slice", "Sum"];

/** Stock configs we replaced, so that benchmarks can measure tfjs's own path. */
const replaced = new Map<string, tf.KernelConfig | undefined>();

/** True while all of our kernels are the registered ones. */
export function wasmKernelsRegistered(): boolean {
  return replaced.size === WASM_KERNELS.length;
}

/**
 * Registers {@link WASM_KERNELS} for the wasm backend (idempotent), or only those named in
 * `only` (benchmarks use this to time tfjs's own path plus the kernels it lacks).
 */
export function registerWasmKernels(only?: readonly string[]): void {
  captureStock(USED);
  for (const config of WASM_KERNELS) {
    if (only && !only.includes(config.kernelName)) continue;
    if (replaced.has(config.kernelName)) continue;
    const previous = tf.getKernel(config.kernelName, "wasm");
    if (previous) tf.unregisterKernel(config.kernelName, "wasm");
    replaced.set(config.kernelName, previous);
    tf.registerKernel(config);
  }
}

/** Restores tfjs's own kernels (used by benchmarks to time the stock path). */
export function unregisterWasmKernels(): void {
  for (const [name, previous] of replaced) {
    tf.unregisterKernel(name, "wasm");
    if (previous) tf.registerKernel(previous);
  }
  replaced.clear();
}
