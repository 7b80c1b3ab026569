/** The WASM SIMD engine of the Teh model (kernels/src/waves_teh.ts). */
import { compileWasm } from "../../backend/wasm_modules.ts";
import { wasmBytes } from "../../../kernels/generated/waves_teh.ts";
import { ringLength, type TehEngine, type TehEngineConfig } from "./_teh_engine.ts";

interface TehExports {
  memory: WebAssembly.Memory;
  setup(
    size: number,
    seed: number,
    tauIEI: number,
    nV: number,
    tWave: number,
    tauOn: number,
    tauOff: number,
    ring: number,
    carry: number,
    batch: number,
  ): number;
  output(): number;
  events(): number;
  eventCount(): number;
  state(): number;
  runningCells(): number;
  loadPlans(count: number): void;
  run(t0: number, count: number): number;
}

let compiled: WebAssembly.Module | null = null;
const NO_EVENTS = new Int32Array(0);

/** Creates a WASM engine; each call gets its own instance (and memory). */
export function createTehWasmEngine(c: TehEngineConfig): TehEngine {
  compiled ??= compileWasm(wasmBytes);
  const wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as TehExports;
  const n = c.size * c.size;
  // One frame per call: the kernel's current frame is read in place, which saves a 4 KB
  // copy per frame inside the kernel; a call costs less than that copy.
  const maxBatch = 1;
  const plansPtr = wasm.setup(
    c.size,
    c.seed >>> 0,
    c.tauIEI,
    c.nV,
    c.tWave,
    c.tauOn,
    c.tauOff,
    ringLength(c),
    c.carry ? 1 : 0,
    maxBatch,
  );
  const outPtr = wasm.output();
  const output = new Uint8Array(wasm.memory.buffer, outPtr, n);
  // [event count, running-wave cells], read without a call after each run.
  const state = new Int32Array(wasm.memory.buffer, wasm.state(), 2);
  const events = new Int32Array(wasm.memory.buffer, wasm.events(), 48);
  return {
    maxBatch,
    load(plans, count) {
      new Int32Array(wasm.memory.buffer, plansPtr, 9 * count).set(plans.subarray(0, 9 * count));
      wasm.loadPlans(count);
    },
    output,
    run: (t0, count) => wasm.run(t0, Math.min(count, maxBatch)),
    // A view, valid until the next run (the driver reads it at once).
    events: () => (state[0] === 0 ? NO_EVENTS : events.subarray(0, 3 * state[0])),
    cells: () => state[1],
  };
}
