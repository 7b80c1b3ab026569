/**
 * Our kernels for tfjs's `wasm` backend and the thread pool they run on: one kernel per
 * file named after the kernel, registered from the single list in ./register.ts;
 * ./setup.ts registers them and starts the threads when the wasm backend is chosen
 * (`useBackend("wasm")` does it). The compiled kernels themselves are generated from the
 * AssemblyScript sources in kernels/ (`deno task kernels`).
 *
 * @example List the kernels and whether they are registered
 * ```ts
 * import { WASM_KERNELS, wasmKernelsRegistered } from "@prevision/prevision/backend";
 * console.log(WASM_KERNELS.map((k) => k.kernelName), wasmKernelsRegistered());
 * ```
 *
 * @module
 */
export {
  registerWasmKernels,
  unregisterWasmKernels,
  WASM_KERNELS,
  wasmKernelsRegistered,
} from "./register.ts";
export { ensureWasmKernels, kernelThreads } from "./setup.ts";
export { shareTfjsHeap } from "./threads/tfjs_heap.ts";
