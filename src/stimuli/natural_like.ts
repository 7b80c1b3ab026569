/**
 * Natural-like movies for when no natural-image set is at hand: 1/f^α ("pink") noise
 * images, viewed through a small window that drifts (fixational eye movements) and jumps
 * (saccades), then box-averaged to a coarse checker grid — the way Yan et al. 2020 (after
 * McIntosh et al. 2016) turn still natural images into movies. Pixel values are zero-mean,
 * scaled to a target s.d. and clipped to ±0.5 like the checkerboard's contrast.
 */
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import type { GridMovie } from "./white_noise.ts";

/** Options of {@link pinkNoiseImage}. */
export interface PinkImageOptions {
  /** Pixels per side (a power of two is not needed). */
  size: number;
  /** Power-spectrum exponent: power ∝ 1/f^α (default 2, as in natural images). */
  alpha?: number;
  /** Random seed (default 0). */
  seed?: number;
}

/**
 * A 1/f^α noise image (sum of bilinearly upsampled white-noise octaves; with α = 2 every
 * octave carries equal power), zero mean and unit s.d.
 *
 * @example
 * ```ts
 * import { pinkNoiseImage } from "@prevision/prevision/stimuli";
 * const img = pinkNoiseImage({ size: 64, seed: 1 }); // Float32Array(64 * 64)
 * ```
 */
export function pinkNoiseImage(options: PinkImageOptions): Float32Array {
  const { size } = options;
  const alpha = options.alpha ?? 2;
  if (!Number.isInteger(size) || size < 2 || size > 4096) {
    throw new InputError(`image size must be an integer in [2, 4096], got ${size}`);
  }
  const rng = new Rng(options.seed ?? 0, 0x91c);
  const img = new Float32Array(size * size);
  // Octaves from 2 cells up to one per 2 pixels (the finest scale is blurred, like optics).
  for (let grid = 2; grid <= Math.max(2, size / 2); grid *= 2) {
    const amp = Math.pow(grid, -(alpha - 2) / 2);
    const g = grid + 1;
    const noise = new Float32Array(g * g);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.normal();
    for (let y = 0; y < size; y++) {
      const fy = (y / size) * grid;
      const y0 = Math.floor(fy);
      const wy = fy - y0;
      for (let x = 0; x < size; x++) {
        const fx = (x / size) * grid;
        const x0 = Math.floor(fx);
        const wx = fx - x0;
        const v = (1 - wy) * ((1 - wx) * noise[y0 * g + x0] + wx * noise[y0 * g + x0 + 1]) +
          wy * ((1 - wx) * noise[(y0 + 1) * g + x0] + wx * noise[(y0 + 1) * g + x0 + 1]);
        img[y * size + x] += amp * v;
      }
    }
  }
  let mean = 0;
  for (const v of img) mean += v / img.length;
  let sd = 0;
  for (const v of img) sd += (v - mean) ** 2 / img.length;
  sd = Math.sqrt(sd) || 1;
  for (let i = 0; i < img.length; i++) img[i] = (img[i] - mean) / sd;
  return img;
}

/**
 * Options of {@link naturalLikeMovie}.
 *
 * @example
 * ```ts
 * import { naturalLikeMovie, type NaturalLikeOptions } from "@prevision/prevision/stimuli";
 * const options: NaturalLikeOptions = { frames: 300, drift: 0.5, saccadeInterval: 30, seed: 2 };
 * naturalLikeMovie(options);
 * ```
 */
export interface NaturalLikeOptions {
  /** Number of frames. */
  frames: number;
  /** Checkers per side of the movie (default 8). */
  size?: number;
  /** Image pixels per checker (default 4). */
  checker?: number;
  /** Image pixels per side (default 128). */
  imageSize?: number;
  /** Drift speed, image pixels per frame (default 0.5). */
  drift?: number;
  /** Mean frames between saccades (default 30 = 1 s at 30 Hz). */
  saccadeInterval?: number;
  /** Saccades per image before a new image is drawn (default 10). */
  saccadesPerImage?: number;
  /** Pixel s.d. before clipping to ±0.5 (default 0.35). */
  contrast?: number;
  /** Power-spectrum exponent of the images (default 2). */
  alpha?: number;
  /** Random seed (default 0). */
  seed?: number;
  /** Frame rate in Hz, recorded in the result (default 30). */
  frameRate?: number;
}

/**
 * A natural-like movie `[frames, size, size]`: a window of `size · checker` image pixels
 * that drifts and saccades over 1/f images, box-averaged to `size × size`.
 *
 * @example
 * ```ts
 * import { naturalLikeMovie } from "@prevision/prevision/stimuli";
 * const movie = naturalLikeMovie({ frames: 300, seed: 3 }); // 8×8, 10 s at 30 Hz
 * ```
 */
export function naturalLikeMovie(options: NaturalLikeOptions): GridMovie {
  const o = {
    size: 8,
    checker: 4,
    imageSize: 128,
    drift: 0.5,
    saccadeInterval: 30,
    saccadesPerImage: 10,
    contrast: 0.35,
    alpha: 2,
    seed: 0,
    frameRate: 30,
    ...options,
  };
  const win = o.size * o.checker;
  if (!Number.isInteger(o.frames) || o.frames < 1) {
    throw new InputError(`frames must be a positive integer, got ${o.frames}`);
  }
  if (!Number.isInteger(o.checker) || o.checker < 1 || win > o.imageSize) {
    throw new InputError(
      `a ${o.size}×${o.checker}-pixel window does not fit a ${o.imageSize}² image`,
    );
  }
  const rng = new Rng(o.seed, 0x3a7);
  const span = o.imageSize - win;
  let image = pinkNoiseImage({ size: o.imageSize, alpha: o.alpha, seed: rng.int(2 ** 31) });
  let saccades = 0;
  let py = rng.range(0, span);
  let px = rng.range(0, span);
  let angle = rng.range(0, 2 * Math.PI);
  const data = new Float32Array(o.frames * o.size * o.size);
  for (let t = 0; t < o.frames; t++) {
    if (rng.uniform() < 1 / o.saccadeInterval) {
      if (++saccades >= o.saccadesPerImage) {
        saccades = 0;
        image = pinkNoiseImage({ size: o.imageSize, alpha: o.alpha, seed: rng.int(2 ** 31) });
      }
      py = rng.range(0, span);
      px = rng.range(0, span);
      angle = rng.range(0, 2 * Math.PI);
    } else {
      angle += 0.3 * rng.normal();
      py = Math.min(span, Math.max(0, py + o.drift * Math.sin(angle)));
      px = Math.min(span, Math.max(0, px + o.drift * Math.cos(angle)));
    }
    const oy = Math.round(py);
    const ox = Math.round(px);
    for (let cy = 0; cy < o.size; cy++) {
      for (let cx = 0; cx < o.size; cx++) {
        let s = 0;
        for (let y = 0; y < o.checker; y++) {
          const row = (oy + cy * o.checker + y) * o.imageSize + ox + cx * o.checker;
          for (let x = 0; x < o.checker; x++) s += image[row + x];
        }
        const v = o.contrast * s / (o.checker * o.checker);
        data[(t * o.size + cy) * o.size + cx] = Math.max(-0.5, Math.min(0.5, v));
      }
    }
  }
  return { data, frames: o.frames, size: o.size, frameRate: o.frameRate };
}
