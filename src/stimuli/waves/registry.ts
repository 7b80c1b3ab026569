/**
 * The retinal-wave models behind one interface: a registry from model name to its
 * simulator, stream and defaults, so callers (CLI, datasets, training) can switch models
 * by name.
 */
import { InputError } from "../../util/errors.ts";
import { type GodfreyOptions, godfreyParams, godfreyStream } from "./godfrey.ts";
import { type LansdellOptions, lansdellParams, lansdellStream } from "./lansdell.ts";
import { type TehOptions, tehParams, tehStream } from "./teh.ts";
import type { WaveEngine, WaveMovie, WaveStream } from "./types.ts";
import { recordMovie } from "./_record.ts";

export type { WaveEngine, WaveEvent, WaveMovie, WaveStream } from "./types.ts";

/** Options every model accepts (plus its own parameters). */
export interface WaveOptions {
  /** Output grid side (default 64). */
  size?: number;
  /** Seed of every random draw. */
  seed: number;
  /** WASM SIMD kernel (default) or TypeScript reference. */
  engine?: WaveEngine;
  /** Model-specific parameters (see each model's Params type). */
  [param: string]: unknown;
}

/** A registered wave model. */
export interface WaveModel {
  /** Registry name. */
  name: string;
  /** One-line description with the reference. */
  summary: string;
  /** Seconds per frame with default parameters. */
  secondsPerFrame: number;
  /** Default parameters for a grid of `size`. */
  defaults(size?: number): Record<string, unknown>;
  /** Starts a streaming simulation. */
  stream(options: WaveOptions): WaveStream;
}

/** Every wave model by name. */
export const WAVE_MODELS: Record<string, WaveModel> = {
  teh: {
    name: "teh",
    summary: "Teh et al. 2023 directional stage-III waves (as used by May et al. 2025)",
    secondsPerFrame: 0.5,
    defaults: (size = 64) => ({ ...tehParams({ size }) }),
    stream: (o) => tehStream(o as unknown as TehOptions),
  },
  godfrey: {
    name: "godfrey",
    summary:
      "Godfrey & Swindale 2007 stage-II starburst lattice with activity-dependent refractoriness",
    secondsPerFrame: 0.025,
    defaults: (size = 64) => ({ ...godfreyParams({ size }) }),
    stream: (o) => godfreyStream(o as unknown as GodfreyOptions),
  },
  lansdell: {
    name: "lansdell",
    summary: "Lansdell, Ford & Kutz 2014 reaction–diffusion cholinergic waves (reduced)",
    secondsPerFrame: 0.1,
    defaults: (size = 64) => ({ ...lansdellParams({ size }) }),
    stream: (o) => lansdellStream(o as unknown as LansdellOptions),
  },
};

/** Looks a model up by name (InputError naming the known ones otherwise). */
export function waveModel(name: string): WaveModel {
  const model = Object.hasOwn(WAVE_MODELS, name) ? WAVE_MODELS[name] : undefined;
  if (!model) {
    throw new InputError(
      `unknown wave model '${name}' (known: ${Object.keys(WAVE_MODELS).join(", ")})`,
    );
  }
  return model;
}

/**
 * Simulates `frames` frames of any registered model in memory.
 *
 * @example
 * ```ts
 * import { simulateWaves } from "@prevision/prevision/waves";
 * const movie = simulateWaves("teh", { frames: 200, seed: 1, directional: false });
 * console.log(movie.waves.length);
 * ```
 */
export function simulateWaves(name: string, options: WaveOptions & { frames: number }): WaveMovie {
  const { frames, ...rest } = options;
  return recordMovie(frames, () => waveModel(name).stream(rest));
}
