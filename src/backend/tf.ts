// deno-lint-ignore-file no-import-prefix -- full npm specifiers (not the import map) so that mod.ts can be imported from a URL
/**
 * The one place that imports tfjs and its backends, so every module shares the same
 * engine instance. Import `tf` from here, not from the npm package directly.
 *
 * @module
 */

/**
 * TensorFlow.js (`@tensorflow/tfjs` 4.22.0): the engine every prevision model runs on. Use
 * this namespace rather than importing the package yourself, so that tensors, variables and
 * models share one engine with ours (and the backend `useBackend` chose).
 */
export * as tf from "npm:@tensorflow/tfjs@4.22.0";
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
