/**
 * Godfrey & Swindale (2007) stage-II retinal waves: starburst amacrine cells on a
 * hexagonal lattice (34 µm spacing) excite each other in proportion to the overlap of
 * their dendritic fields; a cell bursts when its integrated input crosses its threshold,
 * and the threshold then rises in proportion to the excitation received during the burst
 * and relaxes slowly (activity-dependent refractoriness), which sets wave boundaries and
 * intervals. Spontaneous depolarisations start waves. 25 ms steps; a warm-up period lets
 * the refractory mosaic reach steady state before recording.
 *
 * The parameter values are our reconstruction (see docs/waves.md): the structure follows
 * the paper, the numbers were chosen to give its wave statistics.
 */
import { ensure } from "../../util/errors.ts";
import { createGodfreyTsEngine } from "./_godfrey_engine.ts";
import { createGodfreyWasmEngine } from "./_godfrey_wasm.ts";
import { hexLattice } from "./_lattice.ts";
import type { WaveEngine, WaveMovie, WaveStream } from "./types.ts";
import { recordMovie } from "./_record.ts";
import { EngineStream } from "./_engine_stream.ts";

/** Parameters of the Godfrey model. */
export interface GodfreyParams {
  /** Output grid side (default 64). */
  size: number;
  /** Side of the simulated square of retina in µm (default size × spacing). */
  field: number;
  /** Lattice spacing in µm (default 34). */
  spacing: number;
  /** Dendritic-field radius in µm. */
  radius: number;
  /** Time step in s (default 0.025). */
  dt: number;
  /** Burst duration in s. */
  burst: number;
  /** Resting threshold θ0, in units of one full dendritic overlap. */
  theta0: number;
  /** Threshold rise per unit of input integrated over a burst (per overlap·step). */
  kTheta: number;
  /** Threshold relaxation time constant in s. */
  tauTheta: number;
  /** Input integration time constant in s. */
  tauV: number;
  /** Spontaneous depolarisations per cell per second. */
  spontaneousRate: number;
  /** Size of a spontaneous depolarisation, in overlap units. */
  kick: number;
  /** Simulated seconds discarded before the first frame (default 120). */
  warmup: number;
  /** Steps per output frame (default 1: 25 ms frames). */
  stepsPerFrame: number;
}

/**
 * Species parameter sets. The burst duration and the input time constant are the authors'
 * values (D and T_K in retina.h of Keith Godfrey's simulator, github.com/BennyCa/
 * Retinal-Wave-Simulator: mouse 2.3 s / 0.35 s, ferret 1.3 s / 0.25 s) and the lattice
 * spacing is theirs (34 µm). Our threshold dynamics differ from theirs (exponential
 * relaxation plus random spontaneous kicks instead of a linear threshold decay that fires
 * the cell at zero), so θ0, kθ, τθ, the kick and its rate were tuned here until waves vary
 * in size and most stop on refractory territory; see docs/waves.md for the measurements.
 */
export const GODFREY_PRESETS: Record<
  "mouse" | "ferret",
  Omit<GodfreyParams, "size" | "field" | "warmup" | "stepsPerFrame">
> = {
  mouse: {
    spacing: 34,
    radius: 90,
    dt: 0.025,
    burst: 2.3, // D of the authors' mouse set (retina.h)
    theta0: 3,
    kTheta: 0.017,
    tauTheta: 30,
    tauV: 0.35, // T_K of the authors' mouse set
    spontaneousRate: 0.1,
    kick: 3.5,
  },
  ferret: {
    spacing: 34,
    radius: 110,
    dt: 0.025,
    burst: 1.3, // D of the authors' ferret set
    theta0: 4.5,
    kTheta: 0.045,
    tauTheta: 45,
    tauV: 0.25, // T_K of the authors' ferret set
    spontaneousRate: 0.1,
    kick: 5,
  },
};

/** Options of {@link simulateGodfrey} / {@link godfreyStream}. */
export interface GodfreyOptions extends Partial<GodfreyParams> {
  /** Seed of every random draw. */
  seed: number;
  /** Parameter set (default mouse). */
  species?: "mouse" | "ferret";
  /** WASM SIMD kernel (default) or the TypeScript reference. */
  engine?: WaveEngine;
  /** Track waves in the output frames for `waves` (default true; benchmarks turn it off). */
  track?: boolean;
}

/** Merged, validated parameters. */
export function godfreyParams(options: Omit<GodfreyOptions, "seed">): GodfreyParams {
  const species = options.species ?? "mouse";
  ensure(species in GODFREY_PRESETS, `godfrey: species must be mouse or ferret, got ${species}`);
  const size = options.size ?? 64;
  ensure(
    Number.isInteger(size) && size >= 2 && size <= 4096,
    `size must be an integer in 2..4096, got ${size}`,
  );
  const preset = GODFREY_PRESETS[species];
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  delete defined.species;
  delete defined.engine;
  delete defined.track;
  delete defined.seed;
  const p: GodfreyParams = {
    ...preset,
    size,
    field: size * (options.spacing ?? preset.spacing),
    warmup: 120,
    stepsPerFrame: 1,
    ...defined,
  } as GodfreyParams;
  for (const key of ["field", "spacing", "radius", "dt", "burst", "tauTheta", "tauV"] as const) {
    ensure(Number.isFinite(p[key]) && p[key] > 0, `godfrey: ${key} must be > 0, got ${p[key]}`);
  }
  for (const key of ["theta0", "kTheta", "spontaneousRate", "kick", "warmup"] as const) {
    ensure(Number.isFinite(p[key]) && p[key] >= 0, `godfrey: ${key} must be ≥ 0, got ${p[key]}`);
  }
  ensure(
    Number.isInteger(p.stepsPerFrame) && p.stepsPerFrame >= 1,
    `godfrey: stepsPerFrame must be a positive integer`,
  );
  ensure(p.dt <= p.tauV, `godfrey: dt must be ≤ tauV for stable integration`);
  ensure(
    (p.field / p.spacing) ** 2 <= 4e6,
    `godfrey: the lattice would have more than 4 million cells`,
  );
  return p;
}

function startGodfrey(options: GodfreyOptions): WaveStream {
  ensure(Number.isFinite(options.seed), `seed must be a finite number, got ${options.seed}`);
  const p = godfreyParams(options);
  const secondsPerFrame = p.dt * p.stepsPerFrame;
  const lattice = hexLattice(p.field, p.spacing, p.radius, p.size);
  const config = {
    seed: options.seed >>> 0,
    theta0: 1024 * p.theta0,
    alpha: Math.exp(-p.dt / p.tauTheta),
    kTheta: p.kTheta,
    kV: p.dt / p.tauV,
    kick: 1024 * p.kick,
    kickThreshold: Math.round(p.spontaneousRate * p.dt * 2 ** 24),
    activeSteps: Math.max(1, Math.round(p.burst / p.dt)),
    stepsPerFrame: p.stepsPerFrame,
  };
  const engine = options.engine ?? "wasm";
  ensure(engine === "wasm" || engine === "ts", `engine must be wasm or ts, got ${engine}`);
  const frames = engine === "wasm"
    ? createGodfreyWasmEngine(config, lattice)
    : createGodfreyTsEngine(config, lattice);
  return new EngineStream(frames, {
    size: p.size,
    secondsPerFrame,
    micronsPerPixel: p.field / p.size,
    track: options.track,
    warmFrames: Math.round(p.warmup / secondsPerFrame),
    warmChunk: 1024,
  });
}

/**
 * A frame-by-frame Godfrey simulation (memory independent of its length).
 *
 * @example
 * ```ts
 * import { godfreyStream } from "@prevision/prevision/waves";
 * const sim = godfreyStream({ seed: 1, warmup: 10 });
 * const chunk = new Uint8Array(40 * sim.size * sim.size);
 * sim.read(chunk, 40); // one second of 25 ms frames
 * ```
 */
export function godfreyStream(options: GodfreyOptions): WaveStream {
  return startGodfrey(options);
}

/**
 * Simulates `frames` frames of Godfrey waves in memory.
 *
 * @example
 * ```ts
 * import { simulateGodfrey } from "@prevision/prevision/waves";
 * const movie = simulateGodfrey({ frames: 400, seed: 1, warmup: 10 });
 * ```
 */
export function simulateGodfrey(options: GodfreyOptions & { frames: number }): WaveMovie {
  return recordMovie(options.frames, () => startGodfrey(options));
}
