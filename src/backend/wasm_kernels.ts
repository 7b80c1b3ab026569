/**
 * Makes sure our WASM kernels (kernels/wasm/) are the registered ones whenever the wasm
 * backend is selected, and that the kernel thread pool runs: `useBackend("wasm")` calls
 * {@link ensureWasmKernels}.
 *
 * @module
 */
import { registerWasmKernels } from "../../kernels/wasm/index.ts";
import { poolInfo, startThreads } from "../../kernels/threads/pool.ts";

let started = false;

/**
 * Registers our wasm kernels if they are not already (idempotent, cheap) and, the first
 * time, starts the kernel threads (one per core, or `PREVISION_THREADS`).
 */
export async function ensureWasmKernels(): Promise<void> {
  registerWasmKernels();
  if (!started) {
    started = true;
    await startThreads();
  }
}

/** Threads our kernels run on and whether they use fused multiply-add (relaxed SIMD). */
export function kernelThreads(): { kernelThreads: number; fma: boolean } {
  const { threads, fma } = poolInfo();
  return { kernelThreads: threads, fma };
}
