/**
 * Conv2DBackpropInput for the wasm backend: the input gradient of a conv as one forward
 * conv on XNNPACK (dy against the flipped, transposed filter), replacing tfjs's naive loop.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { inputGradAsConv } from "./_conv.ts";
import { type ConvAttrs, same3Conv, same3Fits } from "./_conv_same3.ts";
import { f32, free, type Info, requireChannelsLast, type WasmBackend } from "./_util.ts";

/** Flips w [fh, fw, inC, outC] spatially and swaps its channels: [fh, fw, outC, inC]. */
export function flipTranspose(backend: WasmBackend, w: Info): Info {
  const [fh, fw, ci, co] = w.shape;
  const out = backend.makeOutput([fh, fw, co, ci], "float32");
  const src = f32(backend, w), dst = f32(backend, out);
  for (let p = 0; p < fh; p++) {
    for (let q = 0; q < fw; q++) {
      const s0 = ((fh - 1 - p) * fw + (fw - 1 - q)) * ci * co, d0 = (p * fw + q) * co * ci;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) dst[d0 + o * ci + i] = src[s0 + i * co + o];
      }
    }
  }
  return out;
}

export function conv2DBackpropInput(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  requireChannelsLast("Conv2DBackpropInput", attrs.dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const xShape = attrs.inputShape as number[];
  if (same3Fits(backend, xShape, filter.shape, attrs as unknown as ConvAttrs)) {
    return same3Conv(backend, dy, filter, true);
  }
  const flipped = flipTranspose(backend, filter);
  try {
    return inputGradAsConv(backend, dy, flipped, info, "Conv2D");
  } finally {
    free(backend, flipped);
  }
}

/** Kernel config (registered by ./register.ts). */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: "wasm",
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
};
