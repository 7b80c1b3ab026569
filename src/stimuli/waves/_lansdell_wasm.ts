/** The WASM SIMD engine of the reduced Lansdell model (kernels/src/waves_lansdell.ts). */
import { compileWasm } from "../../backend/wasm_modules.ts";
import { wasmBytes } from "../../../kernels/generated/waves_lansdell.ts";
import type { LansdellEngine, LansdellEngineConfig } from "./_lansdell_engine.ts";
import { batchedFrames } from "./_wasm_frames.ts";

interface LansdellExports {
  memory: WebAssembly.Memory;
  setup(size: number, batch: number): void;
  output(): number;
  params(
    seed: number,
    substeps: number,
    dtD: number,
    tA: number,
    rho: number,
    tV: number,
    a: number,
    gA: number,
    gS: number,
    eK: number,
    gamma: number,
    tC: number,
    alpha: number,
    tS: number,
    kick: number,
    kickThreshold: number,
  ): void;
  run(frames: number, render: number): void;
}

let compiled: WebAssembly.Module | null = null;
const BATCH_BYTES = 1 << 16;

/** Creates a WASM engine with its own instance and memory. */
export function createLansdellWasmEngine(c: LansdellEngineConfig): LansdellEngine {
  compiled ??= compileWasm(wasmBytes);
  const wasm = new WebAssembly.Instance(compiled, {}).exports as unknown as LansdellExports;
  const n = c.size * c.size;
  const batch = Math.max(1, Math.floor(BATCH_BYTES / n));
  wasm.setup(c.size, batch);
  wasm.params(
    c.seed >>> 0,
    c.substeps,
    c.dtD,
    c.dtInvTauA,
    c.dtRho,
    c.dtInvTauV,
    c.a,
    c.gA,
    c.gS,
    c.eK,
    c.dtGamma,
    c.dtInvTauC,
    c.dtAlpha,
    c.dtInvTauS,
    c.kick,
    c.kickThreshold,
  );
  return batchedFrames(wasm, wasm.output(), batch, n);
}
