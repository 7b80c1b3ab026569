/**
 * UnsortedSegmentSum for the wasm backend (tfjs has none; it is the gradient of Gather,
 * i.e. of embeddings): one pass over x adding each row into its segment, in place on the
 * WASM heap. Ids outside [0, numSegments) are dropped, as on the CPU backend.
 *
 * @module
 */
import type { tf } from "../tf.ts";
import type { Info, WasmBackend } from "./_util.ts";

function unsortedSegmentSum(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { x, segmentIds } = args.inputs;
  const numSegments = (args.attrs as unknown as tf.UnsortedSegmentSumAttrs).numSegments;
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new Error(`wasm backend UnsortedSegmentSum supports float32 and int32, got ${x.dtype}`);
  }
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
  dst.fill(0);
  for (let r = 0; r < rows; r++) {
    const id = ids[r];
    if (!(id >= 0 && id < numSegments)) continue;
    const s = r * inner, d = id * inner;
    for (let k = 0; k < inner; k++) dst[d + k] += src[s + k];
  }
  return out;
}

/** Kernel config (registered by ./register.ts). */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
