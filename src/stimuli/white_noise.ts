/**
 * White-noise stimuli for system identification: binary checkerboards (each pixel ±contrast,
 * independently every frame, as in Yan et al. 2020: 8×8 pixels, ±0.5, 30 Hz) and Gaussian
 * white noise. Movies are Float32Array in frame-major order `[frames, size, size]`.
 */
import type { Command } from "../cli/command.ts";
import { choiceFlag, numberFlag } from "../cli/command.ts";
import { InputError } from "../util/errors.ts";
import { uniform3 } from "../util/rng.ts";
import { Rng } from "../util/rng.ts";
import { writeNpy } from "../io/npy.ts";
import { log } from "../util/log.ts";
import { timer } from "./_cli_util.ts";

/**
 * Options of {@link binaryCheckerboard} and {@link gaussianNoise}.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard, type WhiteNoiseOptions } from "@prevision/prevision/stimuli";
 * const options: WhiteNoiseOptions = { size: 8, frames: 300, seed: 1, contrast: 0.5 };
 * binaryCheckerboard(options);
 * ```
 */
export interface WhiteNoiseOptions {
  /** Pixels per side (default 8). */
  size?: number;
  /** Number of frames. */
  frames: number;
  /** Random seed (default 0). */
  seed?: number;
  /** Checkerboard: pixel values are ±contrast (default 0.5). Gaussian: standard deviation. */
  contrast?: number;
  /** Frame rate in Hz; only recorded in the result (default 30). */
  frameRate?: number;
}

/**
 * A stimulus movie: `data[(t * size + y) * size + x]`.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard, type GridMovie } from "@prevision/prevision/stimuli";
 * const movie: GridMovie = binaryCheckerboard({ frames: 30 });
 * const firstPixelOfFrame2 = movie.data[2 * movie.size * movie.size];
 * ```
 */
export interface GridMovie {
  /** Pixel values, `data[(t · size + y) · size + x]`. */
  data: Float32Array;
  /** Number of frames. */
  frames: number;
  /** Pixels per side (frames are square). */
  size: number;
  /** Frame rate in Hz. */
  frameRate: number;
}

function check(options: WhiteNoiseOptions): Required<WhiteNoiseOptions> {
  const o = { size: 8, seed: 0, contrast: 0.5, frameRate: 30, ...options };
  if (!Number.isInteger(o.size) || o.size < 1 || o.size > 4096) {
    throw new InputError(`size must be an integer in [1, 4096], got ${o.size}`);
  }
  if (!Number.isInteger(o.frames) || o.frames < 1) {
    throw new InputError(`frames must be a positive integer, got ${o.frames}`);
  }
  if (o.frames * o.size * o.size > 2 ** 28) {
    throw new InputError(`movie too large: ${o.frames}×${o.size}×${o.size} values`);
  }
  if (!Number.isFinite(o.contrast) || o.contrast <= 0) {
    throw new InputError(`contrast must be a positive number, got ${o.contrast}`);
  }
  if (!Number.isFinite(o.frameRate) || o.frameRate <= 0) {
    throw new InputError(`frame rate must be positive, got ${o.frameRate}`);
  }
  if (!Number.isFinite(o.seed)) throw new InputError(`seed must be a number, got ${o.seed}`);
  return o;
}

/**
 * Binary checkerboard white noise: every pixel of every frame is +contrast or −contrast
 * with equal probability, independently. Pixel (t, y, x) depends only on the seed and its
 * index, so any window of frames can be regenerated.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * const movie = binaryCheckerboard({ size: 8, frames: 300, seed: 1 }); // 10 s at 30 Hz
 * movie.data[0]; // 0.5 or -0.5
 * ```
 */
export function binaryCheckerboard(options: WhiteNoiseOptions): GridMovie {
  const o = check(options);
  const n = o.frames * o.size * o.size;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = uniform3(o.seed, 0x57c4, i) < 0.5 ? -o.contrast : o.contrast;
  }
  return { data, frames: o.frames, size: o.size, frameRate: o.frameRate };
}

/**
 * Gaussian white noise: independent N(0, contrast²) pixels.
 *
 * @example
 * ```ts
 * import { gaussianNoise } from "@prevision/prevision/stimuli";
 * const movie = gaussianNoise({ size: 8, frames: 100, seed: 2, contrast: 0.3 });
 * ```
 */
export function gaussianNoise(options: WhiteNoiseOptions): GridMovie {
  const o = check(options);
  const rng = new Rng(o.seed, 0x6a55);
  const n = o.frames * o.size * o.size;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = o.contrast * rng.normal();
  return { data, frames: o.frames, size: o.size, frameRate: o.frameRate };
}

/** `deno task simulate white-noise`: writes a white-noise movie as NPY `[frames, size, size]`. */
export const command: Command = {
  name: "white-noise",
  summary: "Write a binary-checkerboard or Gaussian white-noise movie as NPY [frames, size, size].",
  flags: {
    kind: { type: "string", description: "checkerboard | gaussian (default checkerboard)" },
    size: { type: "string", description: "pixels per side (default 8)" },
    frames: { type: "string", description: "number of frames (default 9000 = 5 min at 30 Hz)" },
    "frame-rate": { type: "string", description: "frame rate in Hz (default 30)" },
    contrast: { type: "string", description: "±contrast or Gaussian s.d. (default 0.5)" },
    seed: { type: "string", description: "random seed (default 0)" },
    out: { type: "string", description: "output .npy path (default white_noise.npy)" },
  },
  async run(flags) {
    const kind = choiceFlag(flags, "kind", ["checkerboard", "gaussian"] as const, "checkerboard");
    const options: WhiteNoiseOptions = {
      size: numberFlag(flags, "size", 8, { integer: true, min: 1, max: 4096 }),
      frames: numberFlag(flags, "frames", 9000, { integer: true, min: 1 }),
      frameRate: numberFlag(flags, "frame-rate", 30, { min: 1e-6 }),
      contrast: numberFlag(flags, "contrast", 0.5, { min: 1e-9 }),
      seed: numberFlag(flags, "seed", 0, { integer: true }),
    };
    const out = typeof flags.out === "string" ? flags.out : "white_noise.npy";
    const elapsed = timer();
    const movie = kind === "checkerboard" ? binaryCheckerboard(options) : gaussianNoise(options);
    await writeNpy(out, movie.data, [movie.frames, movie.size, movie.size]);
    const seconds = elapsed();
    log(`wrote ${movie.frames}×${movie.size}×${movie.size} ${kind} movie to ${out}`);
    return {
      stimulus: "white-noise",
      kind,
      out,
      frames: movie.frames,
      shape: [movie.frames, movie.size, movie.size],
      seconds,
      framesPerSecond: movie.frames / seconds,
      frameRate: movie.frameRate,
    };
  },
};
