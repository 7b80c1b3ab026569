/**
 * Shared plumbing for our `wasm`-backend kernels: calling the backend's own kernels
 * (XNNPACK convolutions, transposes) on TensorInfos without the engine, views of tensors
 * on the WASM heap, and the padding arithmetic that turns a gradient into a forward conv.
 *
 * @module
 */
import { tf } from "../tf.ts";
import { layout } from "./_simd.ts";
import { onHostHeap } from "./threads/pool.ts";
import type { Data } from "./_padded.ts";

/** A tensor's handle as kernels see it. */
export type Info = tf.TensorInfo;

/** The parts of tfjs-backend-wasm's `BackendWasm` our kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): Info;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  typedArrayFromHeap(info: Info): Float32Array | Int32Array | Uint8Array;
  dataIdMap: {
    get(dataId: object): { memoryOffset: number; id: number };
    delete(dataId: object): void;
  };
  wasm: {
    asm: { memory: WebAssembly.Memory };
    tfjs: { disposeData(id: number): void };
    _malloc(n: number): number;
    _free(p: number): void;
  };
}

/** Runs a kernel of the stock wasm backend directly on TensorInfos (no tape, no engine). */
export function call(
  name: string,
  backend: WasmBackend,
  inputs: Record<string, Info>,
  attrs: Record<string, unknown> = {},
): Info {
  const kernel = stockKernel(name);
  return kernel({ inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0]) as Info;
}

const stock = new Map<string, tf.KernelFunc>();

/**
 * The backend's own kernel function for `name`, captured before we override anything so
 * that compositions never recurse into our replacements.
 */
export function stockKernel(name: string): tf.KernelFunc {
  let fn = stock.get(name);
  if (!fn) {
    const config = tf.getKernel(name, "wasm");
    if (!config) throw new Error(`the wasm backend has no '${name}' kernel`);
    fn = config.kernelFunc;
    stock.set(name, fn);
  }
  return fn;
}

/** Remembers the stock kernels a composition needs (call before overriding any of them). */
export function captureStock(names: string[]): void {
  for (const name of names) if (tf.getKernel(name, "wasm")) stockKernel(name);
}

/** Releases intermediate TensorInfos. */
export function free(backend: WasmBackend, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A view of the tensor's data on the WASM heap (re-fetch after any allocation). */
export function f32(backend: WasmBackend, info: Info): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Whether tfjs runs on the kernel pool's memory: our jobs then use its tensors in place. */
export function onPool(backend: WasmBackend): boolean {
  return onHostHeap(backend.wasm.asm.memory);
}

/**
 * The tensor's data for the threaded kernels: its byte offset when tfjs runs on the pool's
 * memory ({@link onPool}), else a view of it (re-fetch after any allocation).
 */
export function dataOf(backend: WasmBackend, info: Info): Data {
  return onPool(backend) ? backend.dataIdMap.get(info.dataId).memoryOffset : f32(backend, info);
}

/** Reshape without copying: a new handle on the same data (free it like any output). */
export function reshape(backend: WasmBackend, x: Info, shape: number[]): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/**
 * Transpose. The two permutations of 4-D float tensors the conv gradients use run in our
 * SIMD layout module (tfjs's generic Transpose is ~10× slower there); others go to tfjs.
 */
export function transpose(backend: WasmBackend, x: Info, perm: number[]): Info {
  const p = perm.join(",");
  if (x.dtype === "float32" && x.shape.length === 4 && (p === "3,1,2,0" || p === "1,2,0,3")) {
    const [n, h, w, c] = x.shape;
    const out = backend.makeOutput(perm.map((i) => x.shape[i]), "float32");
    const src = backend.dataIdMap.get(x.dataId).memoryOffset;
    const dst = backend.dataIdMap.get(out.dataId).memoryOffset;
    if (p === "3,1,2,0") layout(backend).transpose021(src, dst, n, h * w, c);
    else layout(backend).transpose102(src, dst, n, h * w, c);
    return out;
  }
  return call("Transpose", backend, { x }, { perm });
}

/** Rejects layouts our kernels do not implement, with a one-line message. */
export function requireChannelsLast(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== "NHWC" && dataFormat !== "channelsLast") {
    throw new Error(`wasm backend ${kernel} supports only dataFormat 'NHWC', got '${dataFormat}'`);
  }
}

/** Pads of a 2-D window, possibly negative (a negative pad crops). */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Copies `x` [N, H, W, C] into a new tensor with `(stride - 1)` zeros between rows and
 * columns and the given pads (negative pads crop): the input of a forward conv that
 * computes the gradient of a strided conv.
 */
export function dilatePad(
  backend: WasmBackend,
  x: Info,
  strideH: number,
  strideW: number,
  pads: Pads,
): Info {
  const [n, h, w, c] = x.shape;
  const dh = (h - 1) * strideH + 1, dw = (w - 1) * strideW + 1;
  const outH = dh + pads.top + pads.bottom, outW = dw + pads.left + pads.right;
  if (outH <= 0 || outW <= 0) throw new Error("dilatePad: padding crops the whole input");
  const out = backend.makeOutput([n, outH, outW, c], x.dtype);
  const src = f32(backend, x), dst = f32(backend, out);
  dst.fill(0);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      const oi = i * strideH + pads.top;
      if (oi < 0 || oi >= outH) continue;
      const rowIn = (b * h + i) * w, rowOut = (b * outH + oi) * outW;
      if (strideW === 1) {
        const j0 = Math.max(0, -pads.left), j1 = Math.min(w, outW - pads.left);
        if (j1 > j0) {
          dst.set(src.subarray((rowIn + j0) * c, (rowIn + j1) * c), (rowOut + j0 + pads.left) * c);
        }
        continue;
      }
      for (let j = 0; j < w; j++) {
        const oj = j * strideW + pads.left;
        if (oj < 0 || oj >= outW) continue;
        const s = (rowIn + j) * c;
        dst.set(src.subarray(s, s + c), (rowOut + oj) * c);
      }
    }
  }
  return out;
}

/** Explicit pad attribute for a conv kernel. */
export function explicitPad(p: Pads): number[][] {
  return [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]];
}

/** True when every pad is ≥ 0 (the conv kernel can pad by itself). */
export function nonNegative(p: Pads): boolean {
  return p.top >= 0 && p.bottom >= 0 && p.left >= 0 && p.right >= 0;
}

/** Rows [0, h) and columns [0, w) of x [N, H', W', C] (a copy unless already that size). */
export function cropTo(backend: WasmBackend, x: Info, h: number, w: number): Info {
  const [n, xh, xw, c] = x.shape;
  if (xh === h && xw === w) return x;
  const out = call("Slice", backend, { x }, { begin: [0, 0, 0, 0], size: [n, h, w, c] });
  free(backend, x);
  return out;
}
