/** The WASM SIMD engine of the Godfrey model (kernels/src/waves_godfrey.ts). */
import { compileWasm } from "../../backend/wasm_modules.ts";
import { wasmBytes } from "../../../kernels/generated/waves_godfrey.ts";
import type { GodfreyEngine, GodfreyEngineConfig } from "./_godfrey_engine.ts";
import type { Lattice } from "./_lattice.ts";
import { batchedFrames } from "./_wasm_frames.ts";

interface GodfreyExports {
  memory: WebAssembly.Memory;
  layout(cells: number, edges: number, pixels: number, batch: number, stencilInts: number): number;
  flags(): number;
  stencil(): number;
  neighbours(): number;
  weights(): number;
  pixelMap(): number;
  output(): number;
  init(
    seed: number,
    real: number,
    theta0: number,
    alpha: number,
    kTheta: number,
    kV: number,
    kick: number,
    kickThreshold: number,
    activeSteps: number,
    stepsPerFrame: number,
  ): void;
  run(frames: number, render: number): void;
}

let compiled: WebAssembly.Module | null = null;

/**
 * Flattens the lattice's two parity stencils for the kernel: [rows0, rows1, start0, start1],
 * then per row (cell-index offset, length rounded up to 4, weight index), then the weights
 * padded with zeros to multiples of 4 (zero lanes add nothing).
 */
function stencilTable(lat: Lattice): Int32Array {
  const head = [lat.stencils[0].length, lat.stencils[1].length, 4, 4 + 3 * lat.stencils[0].length];
  const rows: number[] = [], weights: number[] = [];
  const weightBase = 4 + 3 * (lat.stencils[0].length + lat.stencils[1].length);
  for (const stencil of lat.stencils) {
    for (const { dr, dc0, weights: w } of stencil) {
      const len4 = Math.ceil(w.length / 4) * 4;
      rows.push(dr * lat.cols + dc0, len4, weightBase + weights.length);
      weights.push(...w, ...new Array(len4 - w.length).fill(0));
    }
  }
  return Int32Array.from([...head, ...rows, ...weights]);
}
const BATCH_BYTES = 1 << 16;

/** Creates a WASM engine with its own instance and memory. */
export function createGodfreyWasmEngine(c: GodfreyEngineConfig, lat: Lattice): GodfreyEngine {
  compiled ??= compileWasm(wasmBytes);
  const wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as GodfreyExports;
  const pixels = lat.pixelCell.length;
  const batch = Math.max(1, Math.floor(BATCH_BYTES / pixels));
  const table = stencilTable(lat);
  const csr = wasm.layout(lat.cells, lat.neighbours.length, pixels, batch, table.length);
  const mem = () => wasm.memory.buffer;
  new Int32Array(mem(), csr, lat.cells + 1).set(lat.offsets);
  new Int32Array(mem(), wasm.neighbours(), lat.neighbours.length).set(lat.neighbours);
  new Int32Array(mem(), wasm.weights(), lat.weights.length).set(lat.weights);
  new Int32Array(mem(), wasm.pixelMap(), pixels).set(lat.pixelCell);
  new Int32Array(mem(), wasm.stencil(), table.length).set(table);
  const flags = new Uint8Array(mem(), wasm.flags(), lat.cells);
  for (let i = 0; i < lat.real; i++) {
    flags[i] = lat.interior[i] ? 1 + (Math.floor(i / lat.cols) % 2) : 0;
  }
  wasm.init(
    c.seed >>> 0,
    lat.real,
    c.theta0,
    c.alpha,
    c.kTheta,
    c.kV,
    c.kick,
    c.kickThreshold,
    c.activeSteps,
    c.stepsPerFrame,
  );
  return batchedFrames(wasm, wasm.output(), batch, pixels);
}
