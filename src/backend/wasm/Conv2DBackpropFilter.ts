/**
 * Conv2DBackpropFilter for the wasm backend (tfjs has none): the filter gradient as one
 * forward conv on XNNPACK over transposed tensors — x as [inC, H, W, N] (a "batch" of input
 * channels), dy as the filter [oh, ow, N, outC], the forward stride as the dilation.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { filterGradAsConv } from "./_conv.ts";
import { type ConvAttrs, same3FilterGrad, same3Fits } from "./_conv_same3.ts";
import { free, type Info, requireChannelsLast, transpose, type WasmBackend } from "./_util.ts";

export function conv2DBackpropFilter(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  requireChannelsLast("Conv2DBackpropFilter", attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (same3Fits(backend, x.shape, attrs.filterShape, attrs as unknown as ConvAttrs)) {
    return same3FilterGrad(backend, x, dy);
  }
  const xT = transpose(backend, x, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  let out: Info;
  try {
    out = filterGradAsConv(backend, xT, dyT, info, "Conv2D"); // [inC, fh, fw, outC]
  } finally {
    free(backend, xT, dyT);
  }
  try {
    return transpose(backend, out, [1, 2, 0, 3]);
  } finally {
    free(backend, out);
  }
}

/** Kernel config (registered by ./register.ts). */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: "wasm",
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
