/**
 * Data for the Ligeralde et al. 2023 study: retinal-wave movies (simulated, or recorded as
 * TIFF/NPY) cut into individual waves at 32×32 in [0, 1]; the shuffle controls; the clips
 * each condition pre-trains on; and Fashion-MNIST for the probes (class sets and translated
 * exemplars).
 *
 * @module
 */
import { simulateWaves } from "../../stimuli/waves/registry.ts";
import { resizeFrames } from "../../stimuli/resize.ts";
import { readTiffStack } from "../../io/tiff.ts";
import { npyToFloat64, readNpy } from "../../io/npy.ts";
import type { Flags } from "../../cli/command.ts";
import { FASHION_MNIST_DIR, type ImageSet, loadFashionMnist } from "../../io/idx.ts";
import type { WaveClip } from "../../train/contrastive.ts";
import { InputError } from "../../util/errors.ts";
import { Rng } from "../../util/rng.ts";
import type { LigeraldeCondition, LigeraldeConfig } from "./config.ts";

/** A movie in memory: `frames` frames of size×size values. */
export interface Movie {
  size: number;
  frames: number;
  data: ArrayLike<number>;
}

/**
 * Cuts waves [startFrame, endFrame] (inclusive; endFrame −1 = still running at the end) out
 * of a movie, resized to outSize×outSize and scaled to [0, 1]; one-frame waves are dropped.
 *
 * @example
 * ```ts
 * const movie = { size: 4, frames: 3, data: new Uint8Array(48).fill(2) };
 * const clips = clipsFromWaves(movie, [{ startFrame: 0, endFrame: 2 }], 2);
 * clips[0].count; // 3
 * ```
 */
export function clipsFromWaves(
  movie: Movie,
  waves: { startFrame: number; endFrame: number }[],
  outSize: number,
): WaveClip[] {
  let max = 0;
  for (let i = 0; i < movie.data.length; i++) max = Math.max(max, movie.data[i]);
  const px = movie.size * movie.size;
  const clips: WaveClip[] = [];
  for (const w of waves) {
    const start = Math.max(0, w.startFrame);
    const end = w.endFrame < 0 ? movie.frames - 1 : Math.min(w.endFrame, movie.frames - 1);
    const count = end - start + 1;
    if (count < 2) continue;
    const raw = new Float32Array(count * px);
    for (let i = 0; i < raw.length; i++) raw[i] = movie.data[start * px + i] / (max || 1);
    const frames = movie.size === outSize
      ? raw
      : resizeFrames(raw, count, movie.size, movie.size, outSize, outSize, "area");
    clips.push({ size: outSize, count, frames });
  }
  return clips;
}

/**
 * Simulates `frames` frames of a wave model and cuts them into waves by the model's records.
 *
 * @example
 * ```ts
 * const clips = simulatedClips("teh", { frames: 150, simSize: 64, outSize: 32, seed: 1 });
 * clips[0].size; // 32
 * ```
 */
export function simulatedClips(
  model: string,
  options: {
    frames: number;
    simSize: number;
    outSize: number;
    seed: number;
    directional?: boolean;
  },
): WaveClip[] {
  const params: Record<string, unknown> = {};
  if (model === "teh" && options.directional !== undefined) {
    params.directional = options.directional;
  }
  const movie = simulateWaves(model, {
    frames: options.frames,
    seed: options.seed,
    size: options.simSize,
    ...params,
  });
  return clipsFromWaves(movie, movie.waves, options.outSize);
}

/**
 * Splits a recorded movie (no per-wave records) into waves: runs of at least two frames whose
 * mean intensity rises above baseline + threshold·(peak − baseline), the baseline being the
 * median frame mean.
 *
 * @example
 * ```ts
 * const level = [0, 0, 5, 6, 5, 0];
 * const data = new Float32Array(level.flatMap((v) => [v, v, v, v]));
 * segmentByActivity({ size: 2, frames: level.length, data }); // [{ startFrame: 2, endFrame: 4 }]
 * ```
 */
export function segmentByActivity(
  movie: Movie,
  threshold = 0.2,
): { startFrame: number; endFrame: number }[] {
  const px = movie.size * movie.size;
  const means = Array.from({ length: movie.frames }, (_, f) => {
    let s = 0;
    for (let i = 0; i < px; i++) s += movie.data[f * px + i];
    return s / px;
  });
  const sorted = [...means].sort((a, b) => a - b);
  const baseline = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const peak = sorted[sorted.length - 1] ?? 0;
  const level = baseline + threshold * (peak - baseline);
  const waves: { startFrame: number; endFrame: number }[] = [];
  let start = -1;
  for (let f = 0; f <= movie.frames; f++) {
    const on = f < movie.frames && means[f] > level && peak > baseline;
    if (on && start < 0) start = f;
    if (!on && start >= 0) {
      if (f - start >= 2) waves.push({ startFrame: start, endFrame: f - 1 });
      start = -1;
    }
  }
  return waves;
}

/**
 * Reads a recorded wave movie (TIFF stack or NPY [frames, h, w], square frames).
 *
 * @example
 * ```ts
 * const movie = readRecordedMovie("waves.tif");
 * console.log(movie.frames, movie.size);
 * ```
 */
export function readRecordedMovie(path: string): Movie {
  if (/\.tiff?$/i.test(path)) {
    const stack = readTiffStack(path);
    if (stack.height !== stack.width) {
      throw new InputError(`${path}: frames must be square, got ${stack.height}×${stack.width}`);
    }
    return { size: stack.width, frames: stack.frames, data: stack.data };
  }
  if (/\.npy$/i.test(path)) {
    const arr = readNpy(path);
    if (arr.shape.length !== 3 || arr.shape[1] !== arr.shape[2]) {
      throw new InputError(`${path}: expected an NPY array [frames, h, w] with h = w`);
    }
    return { size: arr.shape[1], frames: arr.shape[0], data: npyToFloat64(arr.data) };
  }
  throw new InputError(`${path}: recorded movies must be .tif/.tiff or .npy`);
}

/** The controls: frames shuffled in time, pixels shuffled within each frame, or both. */
export type Shuffle = "none" | "temporal" | "pixel" | "both";

/**
 * Applies a shuffle control as the authors' code does (data.py). Temporal: one random
 * permutation of ALL frames of all waves, the wave boundaries kept, so a "wave" becomes a
 * run of frames drawn from anywhere in the movie. Pixel: an independent random permutation
 * of the pixels of every frame (per channel in their 3-channel frames; our frames are one
 * grey channel, so one permutation per frame is the same thing) — destroys spatial
 * structure, keeps each frame's intensity histogram. Both: temporal, then pixel.
 *
 * @example
 * ```ts
 * import { Rng } from "@prevision/prevision";
 * const clip = { size: 2, count: 3, frames: Float32Array.from({ length: 12 }, (_, i) => i) };
 * shuffleClips([clip, clip], "temporal", new Rng(1))[1].count; // 3, frames from either wave
 * ```
 */
export function shuffleClips(clips: WaveClip[], shuffle: Shuffle, rng: Rng): WaveClip[] {
  if (shuffle === "none" || clips.length === 0) return clips;
  let out = clips;
  if (shuffle === "temporal" || shuffle === "both") {
    const px = clips[0].size * clips[0].size;
    const sources: [WaveClip, number][] = clips.flatMap((c) =>
      Array.from({ length: c.count }, (_, f): [WaveClip, number] => [c, f])
    );
    const order = rng.permutation(sources.length);
    let at = 0;
    out = out.map((clip) => {
      const frames = new Float32Array(clip.count * px);
      for (let f = 0; f < clip.count; f++, at++) {
        const [src, g] = sources[order[at]];
        frames.set(src.frames.subarray(g * px, (g + 1) * px), f * px);
      }
      return { ...clip, frames };
    });
  }
  if (shuffle === "pixel" || shuffle === "both") {
    out = out.map((clip) => {
      const px = clip.size * clip.size;
      const frames = new Float32Array(clip.frames.length);
      for (let f = 0; f < clip.count; f++) {
        const perm = rng.permutation(px);
        for (let i = 0; i < px; i++) frames[f * px + i] = clip.frames[f * px + perm[i]];
      }
      return { ...clip, frames };
    });
  }
  return out;
}

/** How wave frames are scaled: the authors' per-pixel standardisation then min–max, or ÷ max. */
export type WaveScaling = "standardise" | "max";

/**
 * The authors' wave scaling (data.py: sklearn `StandardScaler` over frames, then one global
 * min–max to [0, 1]): every pixel is standardised over all frames of all clips (a pixel with
 * no variance is only centred, as StandardScaler does), then all values are mapped to
 * [0, 1]. `max` leaves the clips as cut (divided by the movie's maximum).
 *
 * @example
 * ```ts
 * const a = { size: 1, count: 2, frames: new Float32Array([0, 2]) };
 * scaleClips([a], "standardise")[0].frames; // [0, 1]
 * ```
 */
export function scaleClips(clips: WaveClip[], scaling: WaveScaling): WaveClip[] {
  if (scaling === "max" || clips.length === 0) return clips;
  const px = clips[0].size * clips[0].size;
  const total = clips.reduce((a, c) => a + c.count, 0);
  const mean = new Float64Array(px);
  const sq = new Float64Array(px);
  for (const c of clips) {
    for (let i = 0; i < c.frames.length; i++) mean[i % px] += c.frames[i] / total;
  }
  for (const c of clips) {
    for (let i = 0; i < c.frames.length; i++) sq[i % px] += (c.frames[i] - mean[i % px]) ** 2;
  }
  const scale = Array.from(sq, (v) => (v > 0 ? Math.sqrt(v / total) : 1));
  let lo = Infinity;
  let hi = -Infinity;
  const standard = clips.map((c) => {
    const frames = new Float32Array(c.frames.length);
    for (let i = 0; i < frames.length; i++) {
      frames[i] = (c.frames[i] - mean[i % px]) / scale[i % px];
      lo = Math.min(lo, frames[i]);
      hi = Math.max(hi, frames[i]);
    }
    return { ...c, frames };
  });
  const range = hi > lo ? hi - lo : 1;
  for (const c of standard) {
    for (let i = 0; i < c.frames.length; i++) c.frames[i] = (c.frames[i] - lo) / range;
  }
  return standard;
}

/**
 * Image `index` of a set placed on a size×size canvas (centred, zero padding), in [0, 1],
 * shifted by (dy, dx) pixels with zero fill.
 *
 * @example
 * ```ts
 * const set = { count: 1, rows: 1, cols: 1, images: new Uint8Array([255]), labels: new Uint8Array([0]) };
 * placeImage(set, 0, 2); // [1, 0, 0, 0]
 * placeImage(set, 0, 2, 1, 1); // [0, 0, 0, 1]
 * ```
 */
export function placeImage(
  set: ImageSet,
  index: number,
  size: number,
  dy = 0,
  dx = 0,
  out = new Float32Array(size * size),
): Float32Array {
  out.fill(0);
  const top = Math.floor((size - set.rows) / 2) + dy;
  const left = Math.floor((size - set.cols) / 2) + dx;
  const base = index * set.rows * set.cols;
  for (let r = 0; r < set.rows; r++) {
    const y = top + r;
    if (y < 0 || y >= size) continue;
    for (let c = 0; c < set.cols; c++) {
      const x = left + c;
      if (x < 0 || x >= size) continue;
      out[y * size + x] = set.images[base + r * set.cols + c] / 255;
    }
  }
  return out;
}

/**
 * A random integer shift in [−max, max] pixels per axis (max = fraction·size).
 *
 * @example
 * ```ts
 * import { Rng } from "@prevision/prevision";
 * const [dy, dx] = randomShift(new Rng(1), 32, 0.5); // each in −16..16
 * ```
 */
export function randomShift(rng: Rng, size: number, fraction: number): [number, number] {
  const max = Math.floor(fraction * size);
  return [rng.int(2 * max + 1) - max, rng.int(2 * max + 1) - max];
}

/**
 * `count` different integer shifts in [−max, max]² pixels (max = fraction·size), drawn
 * without replacement (all of them, in random order, when there are fewer): a manifold of
 * translations has no repeated point, which would only make its separability problems
 * degenerate.
 *
 * @example
 * ```ts
 * import { Rng } from "@prevision/prevision";
 * distinctShifts(new Rng(1), 32, 0.1, 20).length; // 20 of the 49 shifts in −3..3 × −3..3
 * ```
 */
export function distinctShifts(
  rng: Rng,
  size: number,
  fraction: number,
  count: number,
): [number, number][] {
  const max = Math.floor(fraction * size);
  const side = 2 * max + 1;
  return rng.permutation(side * side).slice(0, count).map((
    i,
  ): [number, number] => [Math.floor(i / side) - max, (i % side) - max]);
}

/**
 * The clips a condition pre-trains on: the recorded movie cut by activity, another wave
 * model's waves, or the configured model's waves with the condition's shuffle applied.
 *
 * @example
 * ```ts
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * const clips = pretrainingClips(ligeralde2023.presets.tiny, "temporal", 1);
 * clips.length; // the waves of 150 simulated frames, each shuffled in time
 * ```
 */
export function pretrainingClips(
  config: LigeraldeConfig,
  condition: LigeraldeCondition,
  seed: number,
): WaveClip[] {
  const sim = (model: string) =>
    simulatedClips(model, {
      frames: config.waveFrames,
      simSize: config.simSize,
      outSize: config.imageSize,
      seed,
      directional: config.directional,
    });
  if (condition === "recorded") {
    const movie = readRecordedMovie(config.recorded!);
    return scaleClips(
      clipsFromWaves(movie, segmentByActivity(movie), config.imageSize),
      config.waveScaling,
    );
  }
  if (condition === "godfrey" || condition === "lansdell") {
    return scaleClips(sim(condition), config.waveScaling);
  }
  const shuffle: Shuffle = condition === "waves" || condition === "random"
    ? "none"
    : condition as Shuffle;
  return shuffleClips(
    scaleClips(sim(config.waveModel), config.waveScaling),
    shuffle,
    new Rng(seed, 0x5bf),
  );
}

/**
 * Held-out waves of the configured model (simulated with a seed no unit trains on), scaled
 * as the training clips: the data of the validation loss and of the wave-manifold capacity.
 *
 * @example
 * ```ts
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * const held = heldOutClips(ligeralde2023.presets.tiny, 1);
 * ```
 */
export function heldOutClips(config: LigeraldeConfig, seed: number): WaveClip[] {
  const clips = simulatedClips(config.waveModel, {
    frames: config.heldOutFrames,
    simSize: config.simSize,
    outSize: config.imageSize,
    seed: HELD_OUT_SEED_OFFSET + seed,
    directional: config.directional,
  });
  return scaleClips(clips, config.waveScaling);
}

/** Added to a unit's seed to simulate its held-out waves (no preset trains on such seeds). */
export const HELD_OUT_SEED_OFFSET = 1_000_000;

/** The study's flag naming the Fashion-MNIST folder (an extra flag: not part of the config). */
export const FASHION_MNIST_FLAG = "fashion-mnist";

/**
 * The Fashion-MNIST folder: the `--fashion-mnist` value among the extra flags, else the
 * folder of Debian's `dataset-fashion-mnist` package.
 *
 * @example
 * ```ts
 * fashionMnistDir(); // "/usr/share/datasets/fashion-mnist"
 * fashionMnistDir({ "fashion-mnist": "data/fashion" }); // "data/fashion"
 * ```
 */
export function fashionMnistDir(flags?: Flags): string {
  const dir = flags?.[FASHION_MNIST_FLAG];
  return typeof dir === "string" && dir !== "" ? dir : FASHION_MNIST_DIR;
}

/**
 * Throws a one-line InputError naming the Debian package unless `dir` holds the four files.
 *
 * @example
 * ```ts
 * try {
 *   checkFashionMnist("/nonexistent");
 * } catch (error) {
 *   console.log((error as Error).message); // Fashion-MNIST not found in /nonexistent …
 * }
 * ```
 */
export function checkFashionMnist(dir: string): void {
  for (
    const base of [
      "train-images-idx3-ubyte",
      "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
    ]
  ) {
    const found = [base, `${base}.gz`].some((name) => {
      try {
        return Deno.statSync(`${dir}/${name}`).isFile;
      } catch {
        return false;
      }
    });
    if (!found) {
      throw new InputError(
        `Fashion-MNIST not found in ${dir} (no ${base}[.gz]): install it with ` +
          "`sudo apt-get install dataset-fashion-mnist` or pass --fashion-mnist DIR",
      );
    }
  }
}

// Every unit of a process probes the same images: read them once.
let fashionCache: { dir: string; train: ImageSet; test: ImageSet } | null = null;

/**
 * Fashion-MNIST's train and test splits from `dir`, read once per process.
 *
 * @example
 * ```ts
 * const { train, test } = fashionMnist(fashionMnistDir());
 * console.log(train.count, test.count); // 60000 10000
 * ```
 */
export function fashionMnist(dir: string): { train: ImageSet; test: ImageSet } {
  if (!fashionCache || fashionCache.dir !== dir) {
    fashionCache = {
      dir,
      train: loadFashionMnist("train", dir),
      test: loadFashionMnist("test", dir),
    };
  }
  return fashionCache;
}
