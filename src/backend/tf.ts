/**
 * The one place that imports tfjs and its backends, so every module shares the same
 * engine instance. Import `tf` from here, not from the npm package directly.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export { tf };
