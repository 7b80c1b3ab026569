/**
 * tfjs's wasm backend started from a declared WASM module (compiled by the host before the
 * worker runs) instead of a `.wasm` file fetched and compiled at run time, which edge
 * runtimes refuse. Single-threaded, SIMD build.
 *
 * tfjs-backend-wasm 4.22.0 offers no way to pass a compiled module: with `setWasmPaths(…,
 * true)` its loader fetches the path through tfjs's platform and calls
 * `WebAssembly.instantiate(bytes, imports)`. So, for as long as the backend initialises, the
 * platform's fetch answers the path with an empty module's 8 bytes (nothing leaves the
 * worker) and `WebAssembly.instantiate` of the emscripten module (the one call that imports
 * `wasi_snapshot_preview1`) instantiates the declared module instead of compiling.
 *
 * @module
 */
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../backend/tf.ts";

/** The path tfjs's loader is given; only the platform fetch below ever sees it. */
const PATH = "prevision-edge:tfjs-backend-wasm-simd.wasm";
/** The 8-byte header of an empty WASM module: what the loader "fetches" and we ignore. */
const EMPTY = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

type Instantiate = typeof WebAssembly.instantiate;

let configured = false;

/**
 * Points tfjs's wasm backend at `module` (its SIMD binary, compiled by the host): SIMD on,
 * threads off. Call before `useBackend("wasm")`, and run that call inside
 * {@link withDeclaredTfjs}.
 *
 * @example
 * ```ts ignore
 * import simd from "./tfjs-backend-wasm-simd.wasm"; // a declared module (workerd, wrangler)
 * configureTfjsWasm();
 * await withDeclaredTfjs(simd, () => useBackend("wasm"));
 * ```
 */
export function configureTfjsWasm(): void {
  if (configured) return; // tfjs refuses new paths once the backend has been initialised
  configured = true;
  tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  setWasmPaths({
    "tfjs-backend-wasm.wasm": PATH,
    "tfjs-backend-wasm-simd.wasm": PATH,
    "tfjs-backend-wasm-threaded-simd.wasm": PATH,
  }, true);
}

/**
 * Runs `init` (which initialises the wasm backend) with the emscripten module instantiated
 * from `module` rather than compiled from bytes. Resolves with `init`'s result.
 *
 * @example
 * ```ts ignore
 * await withDeclaredTfjs(simd, () => useBackend("wasm"));
 * ```
 */
export async function withDeclaredTfjs<T>(
  module: WebAssembly.Module,
  init: () => Promise<T>,
): Promise<T> {
  const original: Instantiate = WebAssembly.instantiate;
  const patched = (source: unknown, imports?: WebAssembly.Imports) => {
    if (imports && "wasi_snapshot_preview1" in imports && !(source instanceof WebAssembly.Module)) {
      const instance = new WebAssembly.Instance(module, imports);
      return Promise.resolve({ instance, module });
    }
    return (original as (s: unknown, i?: WebAssembly.Imports) => unknown)(source, imports);
  };
  const platform = tf.env().platform;
  const fetch = platform.fetch;
  platform.fetch = (path, init) =>
    path === PATH ? Promise.resolve(new Response(EMPTY)) : fetch.call(platform, path, init);
  WebAssembly.instantiate = patched as unknown as Instantiate;
  try {
    return await init();
  } finally {
    WebAssembly.instantiate = original;
    platform.fetch = fetch;
  }
}
