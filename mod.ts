/**
 * prevision: retinal-wave simulation, biologically inspired pre-training and model
 * serving, on WebGPU, WASM SIMD or plain JS.
 *
 * @example Pick the fastest backend and inspect what is available
 * ```ts
 * import { backendInfo, useBackend } from "./mod.ts";
 * const backend = await useBackend();
 * console.log(backend, await backendInfo());
 * ```
 *
 * @module
 */
export {
  type BackendChoice,
  backendInfo,
  type BackendName,
  BACKENDS,
  type BackendsReport,
  currentBackend,
  parseBackend,
  useBackend,
} from "./src/backend/index.ts";
export { errorMessage, InputError } from "./src/util/errors.ts";
export { Rng } from "./src/util/rng.ts";
export { writeFileAtomic } from "./src/util/atomic.ts";
export {
  encodeNpy,
  type EncodeNpyOptions,
  type NpyArray,
  type NpyData,
  type NpyDtype,
  npyToFloat64,
  readNpy,
  readNpyHeader,
  writeNpy,
} from "./src/io/npy.ts";
export * from "./src/analysis/stats/index.ts";
