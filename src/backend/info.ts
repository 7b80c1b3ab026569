import { tf } from "./tf.ts";
import { probeWebGpu } from "./webgpu.ts";
import { kernelThreads } from "./wasm/mod.ts";

/** What {@link backendInfo} reports about each backend. */
export interface BackendsReport {
  /** WebGPU: whether an adapter exists, whether it is a software fallback, its name. */
  webgpu: { available: boolean; fallback: boolean; adapter: string | null };
  /**
   * WASM: whether it loads, with SIMD, and with threads (tfjs's own: off outside
   * browsers); `kernelThreads` the threads our conv kernels run on, `fma` whether they use
   * relaxed-SIMD fused multiply-add, `sharedHeap` whether they work on tfjs's heap in place
   * (once `useBackend("wasm")` has run: src/backend/wasm/threads/tfjs_heap.ts).
   */
  wasm: {
    available: boolean;
    simd: boolean;
    threads: boolean;
    kernelThreads: number;
    fma: boolean;
    sharedHeap: boolean;
  };
  /** Plain-JS CPU backend: always there. */
  cpu: { available: true };
}

/**
 * Availability of every backend on this machine (probes WebGPU and WASM features).
 *
 * @example
 * ```ts
 * import { backendInfo } from "@prevision/prevision/backend";
 * const info = await backendInfo();
 * if (info.webgpu.fallback) console.log("software GPU only:", info.webgpu.adapter);
 * ```
 */
export async function backendInfo(): Promise<BackendsReport> {
  const gpu = await probeWebGpu();
  let simd = false;
  let threads = false;
  let wasm = false;
  try {
    simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    threads = Boolean(await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"));
    wasm = tf.findBackendFactory("wasm") !== null && typeof WebAssembly === "object";
  } catch {
    wasm = false;
  }
  // tfjs disables WASM threads outside the browser: report what the backend will use.
  if (!("document" in globalThis)) threads = false;
  return {
    webgpu: { available: gpu.available, fallback: gpu.fallback, adapter: gpu.adapter },
    wasm: { available: wasm, simd, threads, ...kernelThreads() },
    cpu: { available: true },
  };
}
