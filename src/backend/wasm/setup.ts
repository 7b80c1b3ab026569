/**
 * Makes sure our WASM kernels (src/backend/wasm/) are the registered ones whenever the wasm
 * backend is selected, and that the kernel thread pool runs: `useBackend("wasm")` calls
 * {@link ensureWasmKernels}.
 *
 * @module
 */
import { registerWasmKernels } from "./register.ts";
import { attachHeap, onHostHeap, poolInfo, sharedMemory, startThreads } from "./threads/pool.ts";
import type { WasmBackend } from "./_util.ts";
import { isShared } from "./threads/tfjs_heap.ts";
import { tf } from "../tf.ts";

let started = false;

/**
 * Registers our wasm kernels if they are not already (idempotent, cheap) and, the first
 * time, starts the kernel threads (one per core, or `PREVISION_THREADS`).
 */
export async function ensureWasmKernels(): Promise<void> {
  registerWasmKernels();
  const backend = tf.backend() as unknown as WasmBackend;
  const memory = backend.wasm.asm.memory;
  if (isShared(memory) && !onHostHeap(memory)) {
    await attachHeap(memory, {
      malloc: (n) => backend.wasm._malloc(n),
      free: (p) => backend.wasm._free(p),
    });
  }
  if (!started) {
    started = true;
    await startThreads();
  }
}

/**
 * Threads our kernels run on, whether they use fused multiply-add (relaxed SIMD), and
 * whether they share tfjs's heap.
 */
export function kernelThreads(): { kernelThreads: number; fma: boolean; sharedHeap: boolean } {
  const { threads, fma } = poolInfo();
  return { kernelThreads: threads, fma, sharedHeap: onHostHeap(sharedMemory()) };
}
