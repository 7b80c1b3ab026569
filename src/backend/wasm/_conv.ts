/**
 * Convolution gradients as forward convolutions on the wasm backend's XNNPACK kernels.
 *
 * - Input gradient: a stride-1 forward conv of dy (with `stride - 1` zeros inserted between
 *   its rows/columns, padded by `effectiveFilter - 1 - pad`) with the spatially flipped,
 *   in/out-transposed filter, dilated like the forward conv.
 * - Filter gradient: a forward conv whose "batch" is the input channels of x and whose
 *   filter is dy; the forward stride becomes the dilation and the forward dilation the
 *   stride.
 *
 * @module
 */
import type { tf } from "../tf.ts";
import {
  call,
  cropTo,
  dilatePad,
  explicitPad,
  free,
  type Info,
  nonNegative,
  type Pads,
  type WasmBackend,
} from "./_util.ts";

/** Geometry of a forward conv (tfjs's own computation, so padding rules match exactly). */
export type ConvInfo = tf.backend_util.Conv2DInfo;

type ConvKernel = "Conv2D" | "DepthwiseConv2dNative";

/** Pads that make a stride-1 conv of the dilated dy produce exactly the input's size. */
function inputGradPads(info: ConvInfo): Pads {
  const top = info.effectiveFilterHeight - 1 - info.padInfo.top;
  const left = info.effectiveFilterWidth - 1 - info.padInfo.left;
  const dh = (info.outHeight - 1) * info.strideHeight + 1;
  const dw = (info.outWidth - 1) * info.strideWidth + 1;
  return {
    top,
    left,
    bottom: info.inHeight + info.effectiveFilterHeight - 1 - top - dh,
    right: info.inWidth + info.effectiveFilterWidth - 1 - left - dw,
  };
}

/**
 * dx = conv(dilate(dy), flipped) where `flipped` is the filter already flipped and laid out
 * for `kernel` ([fh, fw, outC, inC] for Conv2D, [fh, fw, channels, 1] for depthwise).
 */
export function inputGradAsConv(
  backend: WasmBackend,
  dy: Info,
  flipped: Info,
  info: ConvInfo,
  kernel: ConvKernel,
): Info {
  const pads = inputGradPads(info);
  const attrs = {
    strides: [1, 1],
    dilations: [info.dilationHeight, info.dilationWidth],
    dataFormat: "NHWC",
  };
  if (info.strideHeight === 1 && info.strideWidth === 1 && nonNegative(pads)) {
    return call(kernel, backend, { x: dy, filter: flipped }, { ...attrs, pad: explicitPad(pads) });
  }
  const padded = dilatePad(backend, dy, info.strideHeight, info.strideWidth, pads);
  try {
    return call(kernel, backend, { x: padded, filter: flipped }, { ...attrs, pad: "valid" });
  } finally {
    free(backend, padded);
  }
}

/**
 * A forward conv of `input` [B, H, W, K] with `filter` [oh, ow, K, M] (dy in disguise)
 * whose output covers at least the filter's fh × fw window; cropped to exactly that.
 */
export function filterGradAsConv(
  backend: WasmBackend,
  input: Info,
  filter: Info,
  info: ConvInfo,
  kernel: ConvKernel,
): Info {
  const { filterHeight: fh, filterWidth: fw } = info;
  const pads: Pads = {
    top: info.padInfo.top,
    left: info.padInfo.left,
    bottom: (fh - 1) * info.dilationHeight + (info.outHeight - 1) * info.strideHeight + 1 -
      info.inHeight - info.padInfo.top,
    right: (fw - 1) * info.dilationWidth + (info.outWidth - 1) * info.strideWidth + 1 -
      info.inWidth - info.padInfo.left,
  };
  // A negative bottom/right pad only means rows the gradient never reads: padding 0 instead
  // computes a few extra output rows, cropped below.
  pads.bottom = Math.max(0, pads.bottom);
  pads.right = Math.max(0, pads.right);
  const attrs = {
    strides: [info.dilationHeight, info.dilationWidth],
    dilations: [info.strideHeight, info.strideWidth],
    dataFormat: "NHWC",
  };
  let out: Info;
  if (nonNegative(pads)) {
    out = call(kernel, backend, { x: input, filter }, { ...attrs, pad: explicitPad(pads) });
  } else {
    const padded = dilatePad(backend, input, 1, 1, pads);
    try {
      out = call(kernel, backend, { x: padded, filter }, { ...attrs, pad: "valid" });
    } finally {
      free(backend, padded);
    }
  }
  return cropTo(backend, out, fh, fw);
}
