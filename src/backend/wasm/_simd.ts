/**
 * Our AssemblyScript SIMD module (kernels/src/conv_rnn.ts) instantiated on tfjs's own WASM
 * heap, so its passes read and write tensors in place; plus views (tensors that alias a
 * block of another tensor) and scratch memory on that heap.
 *
 * @module
 */
import { compileWasm } from "../wasm_modules.ts";
import { wasmBytes } from "../../../kernels/generated/conv_rnn.ts";
import { wasmBytes as layoutBytes } from "../../../kernels/generated/layout.ts";
import type { Info, WasmBackend } from "./_util.ts";
import { isShared, shareImportedMemory } from "./threads/tfjs_heap.ts";

/** The exports of kernels/src/conv_rnn.ts (pointers are byte offsets on the heap). */
export interface ConvRnnSimd {
  tanhBiasAdd(out: number, u: number, r: number, bias: number, rows: number, c: number): void;
  tanhBackward(out: number, dh: number, carry: number, h: number, n: number): void;
  channelSums(x: number, y: number, rows: number, c: number, sumY: number, sumXY: number): void;
  channelAffine(
    out: number,
    x: number,
    y: number,
    rows: number,
    c: number,
    a: number,
    b: number,
    c0: number,
  ): void;
}

/** The exports of kernels/src/layout.ts. */
export interface LayoutSimd {
  transpose021(src: number, dst: number, n: number, m: number, c: number): void;
  transpose102(src: number, dst: number, n: number, m: number, c: number): void;
}

const instances = new Map<Uint8Array, { memory: WebAssembly.Memory; exports: unknown }>();
const modules = new Map<Uint8Array, WebAssembly.Module>();

const sharedModules = new Map<Uint8Array, WebAssembly.Module>();

function bind<T>(backend: WasmBackend, bytes: Uint8Array): T {
  const memory = backend.wasm.asm.memory;
  let inst = instances.get(bytes);
  if (!inst || inst.memory !== memory) {
    // tfjs's heap may be a shared memory (src/backend/wasm/threads/tfjs_heap.ts): then the same
    // module, declared for a shared import.
    const shared = isShared(memory);
    const cache = shared ? sharedModules : modules;
    let mod = cache.get(bytes);
    if (!mod) {
      const source = shared ? shareImportedMemory(bytes) : bytes;
      if (!source) throw new Error("kernel module imports no memory to share");
      cache.set(bytes, mod = compileWasm(source));
    }
    const exports = new WebAssembly.Instance(mod, { env: { memory } }).exports;
    instances.set(bytes, inst = { memory, exports });
  }
  return inst.exports as T;
}

/** The conv-RNN SIMD module bound to this backend's memory (instantiated once per heap). */
export function simd(backend: WasmBackend): ConvRnnSimd {
  return bind<ConvRnnSimd>(backend, wasmBytes);
}

/** The layout module bound to this backend's memory. */
export function layout(backend: WasmBackend): LayoutSimd {
  return bind<LayoutSimd>(backend, layoutBytes);
}

/** Heap byte offset of a tensor's data. */
export function ptr(backend: WasmBackend, info: Info): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/** A tensor aliasing `shape` floats at `offset` bytes into `base` (release, never free). */
export function view(backend: WasmBackend, base: Info, offset: number, shape: number[]): Info {
  return backend.makeOutput(shape, "float32", ptr(backend, base) + offset);
}

/** Unregisters a {@link view} without freeing the memory it aliases. */
export function release(backend: WasmBackend, v: Info): void {
  const { id } = backend.dataIdMap.get(v.dataId);
  backend.dataIdMap.delete(v.dataId);
  backend.wasm.tfjs.disposeData(id);
}

/** Scratch memory on the heap: `bytes` bytes, 16-byte aligned; `free()` when done. */
export function scratch(backend: WasmBackend, bytes: number): { at: number; free(): void } {
  const raw = backend.wasm._malloc(bytes + 16) >>> 0;
  return { at: (raw + 15) & ~15, free: () => backend.wasm._free(raw) };
}

/** A Float32Array/Float64Array view of heap memory (re-create after any allocation). */
export function f32At(backend: WasmBackend, at: number, n: number): Float32Array {
  return new Float32Array(backend.wasm.asm.memory.buffer, at, n);
}

/** See {@link f32At}. */
export function f64At(backend: WasmBackend, at: number, n: number): Float64Array {
  return new Float64Array(backend.wasm.asm.memory.buffer, at, n);
}
