/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (tfjs has none): one depthwise
 * forward conv on XNNPACK with batch 1 over N·C channels — x as [1, H, W, N·C], dy as the
 * filter [oh, ow, N·C, M] — then a sum over the batch.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { filterGradAsConv } from "./_conv.ts";
import { call, free, type Info, reshape, transpose, type WasmBackend } from "./_util.ts";

function depthwiseBackpropFilter(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs;
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  const [n, h, w, c] = x.shape;
  const [, oh, ow] = dy.shape;
  const [fh, fw, , m] = attrs.filterShape;
  const xT = transpose(backend, x, [1, 2, 0, 3]);
  const xIn = reshape(backend, xT, [1, h, w, n * c]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  const dyF = reshape(backend, dyT, [oh, ow, n * c, m]);
  free(backend, xT, dyT);
  let out: Info;
  try {
    out = filterGradAsConv(backend, xIn, dyF, info, "DepthwiseConv2dNative"); // [1,fh,fw,N·C·M]
  } finally {
    free(backend, xIn, dyF);
  }
  const perBatch = reshape(backend, out, [fh * fw, n, c * m]);
  free(backend, out);
  const summed = call("Sum", backend, { x: perBatch }, { axis: [1], keepDims: false });
  free(backend, perBatch);
  const dw = reshape(backend, summed, [fh, fw, c, m]);
  free(backend, summed);
  return dw;
}

/** Kernel config (registered by ./register.ts). */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropFilter",
  backendName: "wasm",
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};
