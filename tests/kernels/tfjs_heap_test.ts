/**
 * tfjs's wasm heap on a shared memory (src/backend/wasm/threads/tfjs_heap.ts): the binary rewrites,
 * and the backend and kernel pool that `useBackend("wasm")` sets up on it.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import {
  importSharedMemory,
  shareImportedMemory,
} from "../../src/backend/wasm/threads/tfjs_heap.ts";
import { onHostHeap, sharedMemory } from "../../src/backend/wasm/threads/pool.ts";
import { wasmBytes as channelBytes } from "../../kernels/generated/conv_rnn.ts";
import type { WasmBackend } from "../../src/backend/wasm/_util.ts";

setQuiet(true);

// (module (memory 2 10) (func (export "f") (result i32) (i32.load (i32.const 0))))
const DEFINES_MEMORY = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7f, // type: () → i32
  0x03,
  0x02,
  0x01,
  0x00, // function 0 of type 0
  0x05,
  0x04,
  0x01,
  0x01,
  0x02,
  0x0a, // memory: min 2, max 10
  0x07,
  0x05,
  0x01,
  0x01,
  0x66,
  0x00,
  0x00, // export "f"
  0x0a,
  0x09,
  0x01,
  0x07,
  0x00,
  0x41,
  0x00,
  0x28,
  0x02,
  0x00,
  0x0b, // i32.load at 0
]);

Deno.test("importSharedMemory: a module's own memory becomes a shared import with its limits", () => {
  const rewritten = importSharedMemory(DEFINES_MEMORY);
  assert.ok(rewritten);
  assert.deepEqual(rewritten.limits, { initial: 2, maximum: 10 });
  const module = new WebAssembly.Module(rewritten.bytes as BufferSource);
  assert.deepEqual(WebAssembly.Module.imports(module), [
    { module: "prevision", name: "memory", kind: "memory" },
  ]);
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 10, shared: true });
  new Int32Array(memory.buffer)[0] = 1234;
  const f = new WebAssembly.Instance(module, { prevision: { memory } }).exports.f as () => number;
  assert.equal(f(), 1234, "the function reads the shared memory");
  assert.equal(importSharedMemory(rewritten.bytes), null, "no memory left to turn into an import");
});

Deno.test("shareImportedMemory: our single-threaded SIMD module runs on a shared memory", () => {
  assert.throws(() =>
    new WebAssembly.Instance(new WebAssembly.Module(channelBytes as BufferSource), {
      env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true }) },
    })
  );
  const bytes = shareImportedMemory(channelBytes);
  assert.ok(bytes);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
    env: { memory },
  }).exports as {
    channelSums(x: number, y: number, rows: number, c: number, s: number, q: number): void;
  };
  const data = new Float32Array(memory.buffer, 16, 8);
  data.set([1, 2, 3, 4, 5, 6, 7, 8]); // 2 rows × 4 channels
  const sums = new Float64Array(memory.buffer, 64, 8);
  exports.channelSums(16, 16, 2, 4, 64, 96); // Σy and Σx·y with x = y
  assert.deepEqual([...sums], [
    6,
    8,
    10,
    12,
    1 * 1 + 5 * 5,
    2 * 2 + 6 * 6,
    3 * 3 + 7 * 7,
    4 * 4 + 8 * 8,
  ]);
});

Deno.test("useBackend('wasm'): tfjs runs on a shared memory, and the kernel pool on the same one", async () => {
  await useBackend("wasm");
  const memory = (tf.backend() as unknown as WasmBackend).wasm.asm.memory;
  assert.ok(memory.buffer instanceof SharedArrayBuffer, "tfjs's heap is not shared");
  assert.equal(sharedMemory(), memory);
  assert.ok(onHostHeap(memory));
  const y = tf.tidy(() =>
    tf.conv2d(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, tf.ones([3, 3, 2, 1]) as tf.Tensor4D, 1, "same")
  );
  assert.deepEqual(
    [...await y.data()],
    [8, 12, 12, 8, 12, 18, 18, 12, 12, 18, 18, 12, 8, 12, 12, 8],
    "tfjs's own kernels still compute on it",
  );
  y.dispose();
});
