/**
 * Teh et al. (2023) directional stage-III retinal waves, as simulated by May, Dauphin &
 * Gjorgjieva (2025): see SCIENCE.md §1. A wave starts at a random cell; its direction
 * points away from an "asymmetric inhibition" point drawn near the nose (directional) or
 * anywhere (undirectional), quantised to 8 directions; each newly recruited cell gives each
 * non-refractory neighbour one Bernoulli(ρ_β) chance to join in the next frame. Recruited
 * cells show for T_wave+1 frames (ON) and again τ_OFF frames later (OFF).
 *
 * Every random number is a counter-based hash (src/util/rng.ts) so the WASM kernel and the
 * TypeScript reference give identical frames.
 */
import { ensure } from "../../util/errors.ts";
import { uniform3 } from "../../util/rng.ts";
import {
  createTehTsEngine,
  DC,
  DR,
  EVENT_END,
  EVENT_START,
  type TehEngine,
} from "./_teh_engine.ts";
import { createTehWasmEngine } from "./_teh_wasm.ts";
import type { WaveEngine, WaveEvent, WaveMovie, WaveStream } from "./types.ts";
import { recordMovie } from "./_record.ts";

/** Parameters of the Teh model (defaults: SCIENCE.md §1, the authors' script). */
export interface TehParams {
  /** Grid side in cells (default 64). */
  size: number;
  /** Directional (inhibition point near the nose) or undirectional waves (default true). */
  directional: boolean;
  /** Total propagation strength q: the 8 probabilities sum to q (default 2.4). */
  q: number;
  /** Width σ (radians) of the Gaussian direction tuning (default 1.2: local bias 0.50, see `tehLocalBias`; b = 0.35 needs `tehSigmaForBias(0.35)` ≈ 1.57). */
  sigma: number;
  /** Active neighbours needed to be recruitable, N_v (default 1). */
  nV: number;
  /** Refractory frames after firing, τ_IEI (default 60 = 30 s). */
  tauIEI: number;
  /** ON duration − 1 in frames, T_wave (default 1: cells show for 2 frames). */
  tWave: number;
  /** Kernel amplitude r (default 0.8); frames are binary (K > 0), so r only documents the model. */
  r: number;
  /** Delay of the ON map, τ_ON (default 0). */
  tauOn: number;
  /** Delay of the OFF map, τ_OFF (default 2 = 1 s). */
  tauOff: number;
  /** Nose position [row, col] (default [0.5·size, 0.125·size]). */
  nose: [number, number];
  /** SD in cells of the inhibition point around the nose (default 1). */
  noseSpread: number;
  /** Wrap θ_β − θ′ into (−π, π] (default true; the authors' script does not wrap). */
  wrapAngles: boolean;
  /** Keep refractoriness across waves (default false: each wave starts on a fresh grid, as in the authors' script). */
  carryRefractory: boolean;
  /** Seconds of simulated time per frame (default 0.5). */
  secondsPerFrame: number;
  /** Retina per grid cell in µm (default 50, the authors' scale), for statistics. */
  micronsPerCell: number;
}

/** Options of {@link simulateTeh} / {@link tehStream}. */
export interface TehOptions extends Partial<TehParams> {
  /** Seed of every random draw. */
  seed: number;
  /** WASM SIMD kernel (default) or the TypeScript reference. */
  engine?: WaveEngine;
}

/** Default parameters for a grid of `size` cells. */
export function tehDefaults(size = 64): TehParams {
  return {
    size,
    directional: true,
    q: 2.4,
    sigma: 1.2,
    nV: 1,
    tauIEI: 60,
    tWave: 1,
    r: 0.8,
    tauOn: 0,
    tauOff: 2,
    nose: [0.5 * size, 0.125 * size],
    noseSpread: 1,
    wrapAngles: true,
    carryRefractory: false,
    secondsPerFrame: 0.5,
    micronsPerCell: 50,
  };
}

/** Merges and validates options (InputError on bad values). */
export function tehParams(options: Partial<TehParams>): TehParams {
  const size = options.size ?? 64;
  ensure(
    Number.isInteger(size) && size >= 2 && size <= 4096,
    `size must be an integer in 2..4096, got ${size}`,
  );
  const p = { ...tehDefaults(size), ...stripUndefined(options) };
  const ints: [string, number, number][] = [
    ["nV", 1, 8],
    ["tauIEI", 1, 1e6],
    ["tWave", 0, 30],
    ["tauOn", 0, 30],
    ["tauOff", 0, 30],
  ];
  for (const [name, lo, hi] of ints) {
    const v = (p as unknown as Record<string, number>)[name];
    ensure(
      Number.isInteger(v) && v >= lo && v <= hi,
      `teh: ${name} must be an integer in ${lo}..${hi}, got ${v}`,
    );
  }
  const visibleFor = Math.max(p.tauOn, p.tauOff) + p.tWave;
  ensure(
    p.tauIEI >= visibleFor,
    `teh: tauIEI (${p.tauIEI}) must be ≥ max(tauOn, tauOff) + tWave (${visibleFor}): a cell cannot fire again while it still shows`,
  );
  ensure(Number.isFinite(p.q) && p.q >= 0, `teh: q must be ≥ 0, got ${p.q}`);
  ensure(Number.isFinite(p.sigma) && p.sigma > 0, `teh: sigma must be > 0, got ${p.sigma}`);
  ensure(Number.isFinite(p.noseSpread) && p.noseSpread >= 0, `teh: noseSpread must be ≥ 0`);
  ensure(p.secondsPerFrame > 0, `teh: secondsPerFrame must be > 0`);
  ensure(p.nose.length === 2 && p.nose.every(Number.isFinite), `teh: nose must be [row, col]`);
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const thresholdCache = new Map<string, Uint32Array>();
const NEIGHBOUR_ANGLES = DR.map((dr, k) => Math.atan2(dr, DC[k]));

/**
 * 24-bit thresholds of the 8 neighbour directions for a wave heading θ′:
 * ρ_β = q·g(θ_β − θ′)/Σ_γ g(θ_γ), a draw succeeds when (hash >>> 8) < threshold.
 */
export function tehThresholds(thetaPrime: number, p: TehParams): Uint32Array {
  const key = `${thetaPrime},${p.q},${p.sigma},${p.wrapAngles}`;
  const cached = thresholdCache.get(key);
  if (cached) return cached;
  const g = (x: number) => Math.exp(-(x * x) / (2 * p.sigma * p.sigma));
  const norm = NEIGHBOUR_ANGLES.reduce((s, a) => s + g(a), 0);
  const out = new Uint32Array(8);
  for (let k = 0; k < 8; k++) {
    let delta = NEIGHBOUR_ANGLES[k] - thetaPrime;
    if (p.wrapAngles) {
      const steps = Math.round(delta / (Math.PI / 4));
      delta = ((((steps + 4) % 8) + 8) % 8 - 4) * (Math.PI / 4);
    }
    const rho = (p.q * g(delta)) / norm;
    out[k] = Math.max(0, Math.min(16777216, Math.round(rho * 16777216)));
  }
  if (thresholdCache.size > 256) thresholdCache.clear();
  thresholdCache.set(key, out);
  return out;
}

/** The wave a given index would start: initiation cell and quantised direction. */
export function tehWavePlan(
  seed: number,
  wave: number,
  attempt: number,
  p: TehParams,
): { row: number; col: number; direction: number } {
  const stream = 2 * wave + 1;
  const u = (i: number) => uniform3(seed, stream, i);
  const row = Math.floor(u(16 + 2 * attempt) * p.size);
  const col = Math.floor(u(17 + 2 * attempt) * p.size);
  let aiRow: number, aiCol: number;
  if (p.directional) {
    const radius = Math.sqrt(-2 * Math.log(1 - u(2)));
    aiRow = Math.trunc(p.nose[0] + p.noseSpread * radius * Math.cos(2 * Math.PI * u(3)));
    aiCol = Math.trunc(p.nose[1] + p.noseSpread * radius * Math.sin(2 * Math.PI * u(3)));
  } else {
    aiRow = Math.floor(u(4) * p.size);
    aiCol = Math.floor(u(5) * p.size);
  }
  const theta = Math.atan2(row - aiRow, col - aiCol);
  const direction = ((2 * Math.PI) / 8) * Math.floor((8 * theta) / (2 * Math.PI) + 0.5);
  return { row, col, direction };
}

class TehSimulation implements WaveStream {
  readonly size: number;
  readonly secondsPerFrame: number;
  readonly micronsPerPixel: number;
  readonly waves: WaveEvent[] = [];
  frame = 0;
  #p: TehParams;
  #seed: number;
  #engine: TehEngine;
  #current: WaveEvent | null = null;
  #attempts = 0;
  #loaded = false;
  #planBuffer = new Int32Array(9 * 16);
  #plans: { row: number; col: number; direction: number }[] = [];
  #thresholds = new Map<number, Uint32Array>();

  constructor(options: TehOptions) {
    ensure(Number.isFinite(options.seed), `seed must be a finite number, got ${options.seed}`);
    this.#p = tehParams(options);
    this.size = this.#p.size;
    this.secondsPerFrame = this.#p.secondsPerFrame;
    this.micronsPerPixel = this.#p.micronsPerCell;
    this.#seed = options.seed >>> 0;
    const p = this.#p;
    const config = {
      size: p.size,
      seed: this.#seed,
      tauIEI: p.tauIEI,
      nV: p.nV,
      tWave: p.tWave,
      tauOn: p.tauOn,
      tauOff: p.tauOff,
      carry: p.carryRefractory,
    };
    const engine = options.engine ?? "wasm";
    ensure(engine === "wasm" || engine === "ts", `engine must be wasm or ts, got ${engine}`);
    this.#engine = engine === "wasm" ? createTehWasmEngine(config) : createTehTsEngine(config);
  }

  readView(maxFrames: number): Uint8Array {
    ensure(Number.isInteger(maxFrames) && maxFrames >= 1, `maxFrames must be a positive integer`);
    if (!this.#loaded) this.#loadPlans();
    const got = this.#engine.run(this.frame, maxFrames);
    this.#handle(this.#engine.events());
    this.frame += got;
    if (this.#current) this.#current.cells = this.#engine.cells();
    const output = this.#engine.output;
    const len = got * this.size * this.size;
    return len === output.length ? output : output.subarray(0, len);
  }

  read(out: Uint8Array, frames: number): void {
    const n = this.size * this.size;
    ensure(out.length >= frames * n, `frame buffer must hold ${frames * n} values`);
    for (let done = 0; done < frames;) {
      const view = this.readView(frames - done);
      out.set(view, done * n);
      done += view.length / n;
    }
  }

  #loadPlans(): void {
    // With a fresh grid per wave the first planned cell always starts; with carried-over
    // refractoriness a start may fail, so offer several candidate cells at once.
    const count = this.#p.carryRefractory ? 16 : 1;
    const plans = this.#planBuffer;
    this.#plans.length = 0;
    for (let j = 0; j < count; j++) {
      const plan = tehWavePlan(this.#seed, this.waves.length, this.#attempts + j, this.#p);
      this.#plans.push(plan);
      plans[9 * j] = plan.row * this.size + plan.col;
      let thresholds = this.#thresholds.get(plan.direction);
      if (!thresholds) {
        thresholds = tehThresholds(plan.direction, this.#p);
        this.#thresholds.set(plan.direction, thresholds);
      }
      plans.set(thresholds, 9 * j + 1);
    }
    this.#engine.load(plans, count);
    this.#loaded = true;
  }

  #handle(events: Int32Array): void {
    for (let e = 0; e < events.length; e += 3) {
      const type = events[e], frame = events[e + 1], value = events[e + 2];
      if (type === EVENT_END && this.#current) {
        this.#current.endFrame = frame;
        this.#current.cells = value;
        this.#current = null;
      } else if (type === EVENT_START) {
        this.#loaded = false;
        if (value < 0) {
          this.#attempts += this.#p.carryRefractory ? 16 : 1;
          continue;
        }
        const plan = this.#plans[value];
        this.#attempts = 0;
        this.#current = {
          id: this.waves.length,
          start: [plan.row, plan.col],
          direction: normaliseAngle(plan.direction),
          startFrame: frame,
          endFrame: -1,
          cells: 1,
        };
        this.waves.push(this.#current);
      }
    }
  }
}

/** Maps an angle into (−π, π]. */
function normaliseAngle(a: number): number {
  return a <= -Math.PI ? a + 2 * Math.PI : a > Math.PI ? a - 2 * Math.PI : a;
}

/**
 * A frame-by-frame Teh simulation (memory independent of its length).
 *
 * @example
 * ```ts
 * import { tehStream } from "@prevision/prevision/waves";
 * const sim = tehStream({ seed: 1 });
 * const chunk = new Uint8Array(100 * sim.size * sim.size);
 * for (let i = 0; i < 10; i++) sim.read(chunk, 100); // 1000 frames, 100 at a time
 * console.log(sim.waves.length);
 * ```
 */
export function tehStream(options: TehOptions): WaveStream {
  return new TehSimulation(options);
}

/**
 * Simulates `frames` frames of Teh waves in memory.
 *
 * @example
 * ```ts
 * import { simulateTeh } from "@prevision/prevision/waves";
 * const { data, waves } = simulateTeh({ frames: 200, seed: 1 }); // 200 × 64 × 64 of 0/1
 * console.log(data.length, waves[0].direction);
 * ```
 */
export function simulateTeh(options: TehOptions & { frames: number }): WaveMovie {
  return recordMovie(options.frames, () => new TehSimulation(options));
}
