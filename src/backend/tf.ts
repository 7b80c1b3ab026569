/**
 * The one place that imports tfjs and its backends, so every module shares the same
 * engine instance. Import `tf` from here, not from the npm package directly.
 */
// Full npm specifiers (not the import map) so that mod.ts can be imported from a URL.
// deno-lint-ignore no-import-prefix -- see above
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
// deno-lint-ignore no-import-prefix -- see above
import "npm:@tensorflow/tfjs-backend-wasm@4.22.0";

export { tf };
