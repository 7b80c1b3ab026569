/**
 * Slice (wasm) of a contiguous block (e.g. the last frames of a time-major batch) as one
 * copy from a view of the heap. The stock kernel first copies the whole input out of the
 * heap (`readSync`) and then the slice: about 20 ms for the last frame of a conv-RNN layer
 * (measured). Other slices, and strings, go to the stock kernel.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { type Info, stockKernel, type WasmBackend } from "./_util.ts";

function slice(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const { x } = args.inputs;
  const backend = args.backend as WasmBackend;
  const [begin, size] = tf.slice_util.parseSliceParams(
    x as tf.TensorInfo as tf.Tensor,
    args.attrs.begin as number[],
    args.attrs.size as number[],
  );
  if (x.dtype === "string" || !tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    return stockKernel("Slice")(args as unknown as Parameters<tf.KernelFunc>[0]) as Info;
  }
  const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
  const out = backend.makeOutput(size, x.dtype);
  const n = tf.util.sizeFromShape(size);
  const src = backend.typedArrayFromHeap(x); // after makeOutput: the heap may have grown
  backend.typedArrayFromHeap(out).set(src.subarray(offset, offset + n));
  return out;
}

/** Kernel config (registered by ./register.ts). */
export const sliceConfig: tf.KernelConfig = {
  kernelName: "Slice",
  backendName: "wasm",
  kernelFunc: slice as unknown as tf.KernelFunc,
};
