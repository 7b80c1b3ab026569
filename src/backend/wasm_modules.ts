/**
 * Every WASM module of ours is compiled through {@link compileWasm}, so that a host which
 * forbids compiling code at run time (edge runtimes such as workerd refuse
 * `WebAssembly.compile` of bytes: "Wasm code generation disallowed by embedder") can hand in
 * the same modules compiled ahead of time, declared in its configuration
 * ({@link declareWasmModule}). Elsewhere the bytes are compiled as before.
 *
 * @module
 */

const declared = new WeakMap<Uint8Array, WebAssembly.Module>();

/**
 * Records `module` as the compiled form of `bytes` (the very array a generated kernel module
 * exports): {@link compileWasm} then returns it instead of compiling. Call it before the
 * module that compiles the bytes is evaluated (some compile at import).
 *
 * @example
 * ```ts
 * import { declareWasmModule } from "@prevision/prevision/backend";
 * const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
 * declareWasmModule(bytes, new WebAssembly.Module(bytes));
 * ```
 */
export function declareWasmModule(bytes: Uint8Array, module: WebAssembly.Module): void {
  declared.set(bytes, module);
}

/**
 * The declared module of `bytes`, else `bytes` compiled now (synchronously).
 *
 * @example
 * ```ts
 * import { compileWasm } from "@prevision/prevision/backend";
 * const module = compileWasm(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
 * console.log(WebAssembly.Module.exports(module).length); // 0
 * ```
 */
export function compileWasm(bytes: Uint8Array): WebAssembly.Module {
  return declared.get(bytes) ?? new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
}
