/**
 * Lansdell, Ford & Kutz (2014) cholinergic retinal waves as a reaction–diffusion system,
 * reduced to four fields on a square grid of starburst cells: membrane voltage V
 * (bistable: rest 0, burst 1), calcium C that builds up during bursts and drives a slow
 * afterhyperpolarisation S that ends bursts and makes cells refractory for tens of seconds, and extracellular acetylcholine A released by
 * bursting cells, diffusing (zero-flux/Neumann boundaries) and depolarising neighbours.
 * Spontaneous depolarisations start waves. Explicit Euler with the step chosen inside the
 * diffusion stability limit (D·dt/h² ≤ 1/5).
 *
 * The reduction and parameter values are ours (see docs/waves.md): the paper uses
 * Morris–Lecar-type conductances; we keep its three mechanisms with polynomial kinetics
 * so that float32 runs are bit-identical in TypeScript and WASM.
 */
import { ensure } from "../../util/errors.ts";
import { createLansdellTsEngine } from "./_lansdell_engine.ts";
import { createLansdellWasmEngine } from "./_lansdell_wasm.ts";
import type { WaveEngine, WaveMovie, WaveStream } from "./types.ts";
import { recordMovie } from "./_record.ts";
import { EngineStream } from "./_engine_stream.ts";

/** Parameters of the reduced Lansdell model (times in s, lengths in µm). */
export interface LansdellParams {
  /** Grid side in cells (default 64). */
  size: number;
  /** Grid spacing in µm (default 25). */
  spacing: number;
  /** ACh diffusion coefficient in µm²/s. */
  diffusion: number;
  /** ACh clearance time constant. */
  tauA: number;
  /** ACh release rate per unit voltage. */
  release: number;
  /** Voltage time constant. */
  tauV: number;
  /** Excitation threshold of the bistable voltage (0 < a < 1). */
  a: number;
  /** ACh conductance. */
  gA: number;
  /** sAHP conductance. */
  gS: number;
  /** Reversal of the sAHP current (voltage units; rest is 0). */
  eK: number;
  /** Calcium build-up rate per unit voltage. */
  gamma: number;
  /** Calcium clearance time constant. */
  tauC: number;
  /** sAHP activation rate per unit calcium. */
  alpha: number;
  /** sAHP decay time constant. */
  tauS: number;
  /** Spontaneous depolarisations per cell per second. */
  spontaneousRate: number;
  /** Size of a spontaneous depolarisation (voltage units). */
  kick: number;
  /** Seconds per output frame (default 0.1). */
  frameInterval: number;
  /** Largest time step (the actual one also respects the diffusion limit). */
  maxDt: number;
  /** Simulated seconds discarded before the first frame (default 120). */
  warmup: number;
}

/** Default parameters (mouse-like stage II). */
export function lansdellDefaults(size = 64): LansdellParams {
  return {
    size,
    spacing: 25,
    diffusion: 2500,
    tauA: 0.5,
    release: 4,
    tauV: 0.05,
    a: 0.25,
    gA: 0.5,
    gS: 3,
    eK: -1,
    gamma: 1,
    tauC: 2,
    alpha: 0.05,
    tauS: 30,
    spontaneousRate: 0.05,
    kick: 0.4,
    frameInterval: 0.1,
    maxDt: 0.01,
    warmup: 120,
  };
}

/** Options of {@link simulateLansdell} / {@link lansdellStream}. */
export interface LansdellOptions extends Partial<LansdellParams> {
  /** Seed of every random draw. */
  seed: number;
  /** WASM SIMD kernel (default) or the TypeScript reference. */
  engine?: WaveEngine;
  /** Track waves in the output frames for `waves` (default true; benchmarks turn it off). */
  track?: boolean;
}

/** Merged, validated parameters. */
export function lansdellParams(options: Omit<LansdellOptions, "seed">): LansdellParams {
  const size = options.size ?? 64;
  ensure(
    Number.isInteger(size) && size >= 2 && size <= 4096,
    `size must be an integer in 2..4096, got ${size}`,
  );
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  delete defined.engine;
  delete defined.track;
  delete defined.seed;
  const p = { ...lansdellDefaults(size), ...defined } as LansdellParams;
  for (
    const key of [
      "spacing",
      "diffusion",
      "tauA",
      "tauV",
      "tauS",
      "tauC",
      "frameInterval",
      "maxDt",
    ] as const
  ) {
    ensure(Number.isFinite(p[key]) && p[key] > 0, `lansdell: ${key} must be > 0, got ${p[key]}`);
  }
  for (
    const key of [
      "release",
      "gA",
      "gS",
      "gamma",
      "alpha",
      "spontaneousRate",
      "kick",
      "warmup",
    ] as const
  ) {
    ensure(Number.isFinite(p[key]) && p[key] >= 0, `lansdell: ${key} must be ≥ 0, got ${p[key]}`);
  }
  ensure(p.a > 0 && p.a < 1, `lansdell: a must be in (0, 1), got ${p.a}`);
  return p;
}

/** Time step and substeps per frame: dt ≤ maxDt, dt ≤ τV/4 and D·dt/h² ≤ 1/5. */
export function lansdellStep(p: LansdellParams): { dt: number; substeps: number } {
  const limit = Math.min(p.maxDt, p.tauV / 4, (0.2 * p.spacing * p.spacing) / p.diffusion);
  const substeps = Math.max(1, Math.ceil(p.frameInterval / limit - 1e-9));
  return { dt: p.frameInterval / substeps, substeps };
}

function startLansdell(options: LansdellOptions): WaveStream {
  ensure(Number.isFinite(options.seed), `seed must be a finite number, got ${options.seed}`);
  const p = lansdellParams(options);
  const { dt, substeps } = lansdellStep(p);
  const config = {
    size: p.size,
    seed: options.seed >>> 0,
    substeps,
    dtD: (dt * p.diffusion) / (p.spacing * p.spacing),
    dtInvTauA: dt / p.tauA,
    dtRho: dt * p.release,
    dtInvTauV: dt / p.tauV,
    a: p.a,
    gA: p.gA,
    gS: p.gS,
    eK: p.eK,
    dtGamma: dt * p.gamma,
    dtInvTauC: dt / p.tauC,
    dtAlpha: dt * p.alpha,
    dtInvTauS: dt / p.tauS,
    kick: p.kick,
    kickThreshold: Math.round(p.spontaneousRate * dt * 2 ** 24),
  };
  const engine = options.engine ?? "wasm";
  ensure(engine === "wasm" || engine === "ts", `engine must be wasm or ts, got ${engine}`);
  const frames = engine === "wasm"
    ? createLansdellWasmEngine(config)
    : createLansdellTsEngine(config);
  return new EngineStream(frames, {
    size: p.size,
    secondsPerFrame: p.frameInterval,
    micronsPerPixel: p.spacing,
    track: options.track,
    warmFrames: Math.round(p.warmup / p.frameInterval),
    warmChunk: 256,
  });
}

/**
 * A frame-by-frame Lansdell simulation (memory independent of its length).
 *
 * @example
 * ```ts
 * import { lansdellStream } from "@prevision/prevision/waves";
 * const sim = lansdellStream({ seed: 1, warmup: 10 });
 * const chunk = new Uint8Array(10 * sim.size * sim.size);
 * sim.read(chunk, 10); // one second of 100 ms frames
 * ```
 */
export function lansdellStream(options: LansdellOptions): WaveStream {
  return startLansdell(options);
}

/**
 * Simulates `frames` frames of Lansdell waves in memory.
 *
 * @example
 * ```ts
 * import { simulateLansdell } from "@prevision/prevision/waves";
 * const movie = simulateLansdell({ frames: 100, seed: 1, warmup: 10 });
 * ```
 */
export function simulateLansdell(options: LansdellOptions & { frames: number }): WaveMovie {
  return recordMovie(options.frames, () => startLansdell(options));
}
