/**
 * The compute backend: the one tfjs instance every module shares ({@link tf}), choosing and
 * initialising WebGPU (a real GPU only: software adapters are skipped unless asked for),
 * WASM SIMD with our kernels and thread pool, or plain JS, and a report of what this
 * machine offers.
 *
 * @example Pick the fastest backend and see what else there is
 * ```ts
 * import { backendInfo, useBackend } from "@prevision/prevision/backend";
 * const chosen = await useBackend();
 * console.log(chosen, await backendInfo());
 * ```
 *
 * @module
 */
export { tf } from "./tf.ts";
export {
  type BackendChoice,
  type BackendName,
  BACKENDS,
  currentBackend,
  onBackendReady,
  parseBackend,
  useBackend,
} from "./select.ts";
export { backendInfo, type BackendsReport } from "./info.ts";
export { probeWebGpu, type WebGpuProbe } from "./webgpu.ts";
export {
  kernelThreads,
  registerWasmKernels,
  unregisterWasmKernels,
  WASM_KERNELS,
  wasmKernelsRegistered,
} from "./wasm/mod.ts";
export { V8_FLAGS } from "./v8_flags.ts";
export { compileWasm, declareWasmModule } from "./wasm_modules.ts";
