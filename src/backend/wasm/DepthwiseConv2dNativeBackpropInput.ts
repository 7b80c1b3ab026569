/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (tfjs has none): a depthwise
 * forward conv on XNNPACK of dy with the flipped filter, one channel per (channel,
 * multiplier) pair, then a sum over the multiplier.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { inputGradAsConv } from "./_conv.ts";
import { call, f32, free, type Info, reshape, type WasmBackend } from "./_util.ts";

/** Flips w [fh, fw, C, M] spatially into the layout [fh, fw, C·M, 1]. */
function flip(backend: WasmBackend, w: Info): Info {
  const [fh, fw, c, m] = w.shape;
  const out = backend.makeOutput([fh, fw, c * m, 1], "float32");
  const src = f32(backend, w), dst = f32(backend, out);
  const k = c * m;
  for (let p = 0; p < fh; p++) {
    for (let q = 0; q < fw; q++) {
      dst.set(
        src.subarray(((fh - 1 - p) * fw + (fw - 1 - q)) * k, ((fh - 1 - p) * fw + fw - q) * k),
        (p * fw + q) * k,
      );
    }
  }
  return out;
}

function depthwiseBackpropInput(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs;
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const [, , c, m] = filter.shape;
  const flipped = flip(backend, filter);
  let dx: Info;
  try {
    dx = inputGradAsConv(backend, dy, flipped, info, "DepthwiseConv2dNative"); // [N,H,W,C·M]
  } finally {
    free(backend, flipped);
  }
  if (m === 1) return dx;
  const [n, h, w] = dx.shape;
  const flat = reshape(backend, dx, [n * h * w * c, m]);
  free(backend, dx);
  const summed = call("Sum", backend, { x: flat }, { axis: [1], keepDims: false });
  free(backend, flat);
  const out = reshape(backend, summed, [n, h, w, c]);
  free(backend, summed);
  return out;
}

/** Kernel config (registered by ./register.ts). */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropInput",
  backendName: "wasm",
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
