/**
 * V8 flags our own processes run with (deno.json's train/bench/sweep tasks, the server
 * `deno task serve` starts, sweep workers). `--no-liftoff` compiles WebAssembly with the
 * optimising compiler up front: with V8's default dynamic tiering, our long-running kernel
 * calls spend part of each training step in baseline code (measured: a conv-RNN training
 * step 20–30 % slower), at the price of ≈ 150 ms more start-up. Libraries importing mod.ts
 * get the runtime's defaults.
 *
 * @module
 */

/** Deno command-line flags for V8 (place them after `run`). */
export const V8_FLAGS: readonly string[] = ["--v8-flags=--no-liftoff"];
