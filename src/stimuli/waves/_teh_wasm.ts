/** The WASM SIMD engine of the Teh model (kernels/src/waves_teh.ts). */
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
  runningCells(): number;
  loadPlans(count: number): void;
  run(t0: number, count: number): number;
}

let compiled: WebAssembly.Module | null = null;
const NO_EVENTS = new Int32Array(0);

/** Bytes of rendered frames the kernel buffers per batch. */
const BATCH_BYTES = 1 << 16;

/** Creates a WASM engine; each call gets its own instance (and memory). */
export function createTehWasmEngine(c: TehEngineConfig): TehEngine {
  compiled ??= new WebAssembly.Module(wasmBytes as Uint8Array<ArrayBuffer>);
  const wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as TehExports;
  const n = c.size * c.size;
  const maxBatch = Math.max(1, Math.floor(BATCH_BYTES / n));
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
  return {
    maxBatch,
    load(plans, count) {
      new Int32Array(wasm.memory.buffer, plansPtr, 9 * count).set(plans.subarray(0, 9 * count));
      wasm.loadPlans(count);
    },
    run(t0, count, out) {
      const produced = wasm.run(t0, Math.min(count, maxBatch));
      out.set(new Uint8Array(wasm.memory.buffer, outPtr, produced * n));
      return produced;
    },
    events: () => {
      const count = wasm.eventCount();
      return count === 0
        ? NO_EVENTS
        : new Int32Array(wasm.memory.buffer, wasm.events(), 3 * count).slice();
    },
    cells: () => wasm.runningCells(),
  };
}
