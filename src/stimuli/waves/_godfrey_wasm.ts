/** The WASM SIMD engine of the Godfrey model (kernels/src/waves_godfrey.ts). */
import { wasmBytes } from "../../../kernels/generated/waves_godfrey.ts";
import type { GodfreyEngine, GodfreyEngineConfig } from "./_godfrey_engine.ts";
import type { Lattice } from "./_lattice.ts";

interface GodfreyExports {
  memory: WebAssembly.Memory;
  layout(cells: number, edges: number, pixels: number, batch: number): number;
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
const BATCH_BYTES = 1 << 16;

/** Creates a WASM engine with its own instance and memory. */
export function createGodfreyWasmEngine(c: GodfreyEngineConfig, lat: Lattice): GodfreyEngine {
  compiled ??= new WebAssembly.Module(wasmBytes as Uint8Array<ArrayBuffer>);
  const wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as GodfreyExports;
  const pixels = lat.pixelCell.length;
  const batch = Math.max(1, Math.floor(BATCH_BYTES / pixels));
  const csr = wasm.layout(lat.cells, lat.neighbours.length, pixels, batch);
  const mem = () => wasm.memory.buffer;
  new Int32Array(mem(), csr, lat.cells + 1).set(lat.offsets);
  new Int32Array(mem(), wasm.neighbours(), lat.neighbours.length).set(lat.neighbours);
  new Int32Array(mem(), wasm.weights(), lat.weights.length).set(lat.weights);
  new Int32Array(mem(), wasm.pixelMap(), pixels).set(lat.pixelCell);
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
  const outPtr = wasm.output();
  const perFrame = pixels;
  const batchView = new Uint8Array(wasm.memory.buffer, outPtr, batch * perFrame);
  return {
    view(maxFrames) {
      const k = Math.min(maxFrames, batch);
      wasm.run(k, 1);
      return batchView.subarray(0, k * perFrame);
    },
    run(frames, out) {
      for (let done = 0; done < frames;) {
        const k = Math.min(batch, frames - done);
        wasm.run(k, out ? 1 : 0);
        if (out) out.set(new Uint8Array(mem(), outPtr, k * pixels), done * pixels);
        done += k;
      }
    },
  };
}
