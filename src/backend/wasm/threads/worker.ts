/**
 * A thread of the kernel pool (./pool.ts): instantiates the shared-memory conv module on
 * the pool's memory and runs its share of every job the main thread posts in the control
 * block, until the pool's epoch changes. Self-contained (no imports) so that it
 * starts fast.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";

interface Start {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block. */
  control: number;
  names: string[];
  tid: number;
  nt: number;
  /** The generation and pool epoch when this worker was started. */
  generation: number;
  epoch: number;
}

const { module, memory, control, names, tid, nt, generation, epoch } = workerData as Start;
const exports = new WebAssembly.Instance(module, { env: { memory, abort: () => {} } })
  .exports as Record<string, (...args: number[]) => void>;
exports.setControl(control);
const fns = names.map((n) => exports[n]);
// Control block (see pool.ts): [generation, done, error, fn, nargs, epoch, work counter, _,
// args from 8].
const ctl = new Int32Array(memory.buffer, control, 64);
let seen = generation;
parentPort?.postMessage("ready");
// Polls this many times (about 0.1 ms) before sleeping: the jobs of a step come in bursts,
// and waking from Atomics.wait took 30 µs at the median and up to milliseconds on a VM.
const SPINS = 20_000;
for (;;) {
  for (let i = 0; i < SPINS && Atomics.load(ctl, 0) === seen; i++);
  while (Atomics.load(ctl, 0) === seen) Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 5) !== epoch) break; // the pool was stopped
  try {
    const args = Array.from(ctl.subarray(8, 8 + ctl[4]), (v) => v >>> 0);
    fns[ctl[3]](...args, tid, nt);
  } catch (error) {
    console.error(`kernel thread ${tid}: ${names[ctl[3]]} failed: ${error}`);
    Atomics.store(ctl, 2, 1);
  }
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
