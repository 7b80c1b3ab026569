/**
 * Makes sure our WASM kernels (kernels/wasm/) are the registered ones whenever the wasm
 * backend is selected: `useBackend("wasm")` calls {@link ensureWasmKernels}.
 *
 * @module
 */
import { registerWasmKernels } from "../../kernels/wasm/index.ts";

/** Registers our wasm kernels if they are not already (idempotent, cheap). */
export function ensureWasmKernels(): void {
  registerWasmKernels();
}
