/**
 * Data of the may2025 study: Teh retinal waves (directional / undirectional) for
 * pre-training, the corridor movie (or a natural movie from `--natural`) for fine-tuning,
 * cut into clips of `frames + 1` frames, with a held-out test block and k contiguous
 * cross-validation folds. Everything is a function of the data seed.
 *
 * @module
 */
import { simulateTeh } from "../../stimuli/waves/teh.ts";
import { tehAuthorsSigma } from "../../stimuli/waves/teh_bias.ts";
import { simulateGodfrey } from "../../stimuli/waves/godfrey.ts";
import type { WaveMovie } from "../../stimuli/waves/types.ts";
import { renderCorridor } from "../../stimuli/corridor.ts";
import { renderCorridorView } from "../../stimuli/corridor_view.ts";
import { resizeFrames } from "../../stimuli/resize.ts";
import { readNpy } from "../../io/npy.ts";
import { readImage, readVideo, selfMotionMovie } from "../../stimuli/natural.ts";
import { InputError } from "../../util/errors.ts";
import { clipStarts, clipStartsWithin, MovieClips } from "../../train/clips.ts";
import type { May2025Config } from "./config.ts";

/** What the data builders need from the study config. */
export interface DataConfig {
  /** Frame height = width. */
  size: number;
  /** Input frames per clip (a clip has one more: the target). */
  frames: number;
  /** Seed of the waves and the corridor. */
  dataSeed: number;
  /** Wave clips for pre-training (plus a 10 % validation block). */
  pretrainClips: number;
  /** Fine-tuning clips in total, test included. */
  finetuneClips: number;
  /** Cross-validation folds (1 = one validation fifth). */
  folds: number;
  /** Fraction of the fine-tuning clips held out for test. */
  testFraction: number;
  /** A natural movie to fine-tune on instead of the corridor, or null. */
  natural: string | null;
  /** Teh direction tuning σ (null: the authors' ≈ 1.7258). */
  tehSigma: number | null;
  /** Wrap θ_β − θ′ in the Teh waves. */
  wrapAngles: boolean;
  /** Waves of the undirectional condition. */
  undirectionalWaves: "godfrey" | "teh";
  /** Clips inside single waves, or cut from a continuous stream. */
  waveClips: "within" | "stream";
  /** Which corridor view to fine-tune on. */
  corridorView: "authors" | "centred";
  /** Corridor panels per frame (null: 0.025 × 64 / size). */
  corridorSpeed: number | null;
}

/**
 * The data-building part of a config (the key of the wave cache: configs that differ only
 * in training settings share their data).
 *
 * @example
 * ```ts
 * import { may2025Presets } from "@prevision/prevision/studies";
 * dataConfig(may2025Presets.tiny).size; // 16
 * ```
 */
export function dataConfig(config: May2025Config): DataConfig {
  return {
    size: config.model.size,
    frames: config.model.frames,
    dataSeed: config.dataSeed,
    pretrainClips: config.pretrainClips,
    finetuneClips: config.finetuneClips,
    folds: config.folds,
    testFraction: config.testFraction,
    natural: config.natural,
    tehSigma: config.tehSigma,
    wrapAngles: config.wrapAngles,
    undirectionalWaves: config.undirectionalWaves,
    waveClips: config.waveClips,
    corridorView: config.corridorView,
    corridorSpeed: config.corridorSpeed,
  };
}

/** Pre-training clips: train and a 10 % validation block. */
export interface WaveData {
  /** Clips to pre-train on. */
  train: MovieClips;
  /** Clips to validate pre-training on. */
  validation: MovieClips;
}

/** Which waves a pre-training condition sees. */
export type WaveKind = "directional" | "undirectional";

/** Panels per frame whose motion per pixel at 64×64 matches the authors' smooth movie. */
const AUTHORS_SPEED = 0.025;
const WAVE_GRID = 64; // the wave models are defined on the 64×64 grid of the paper
// Godfrey waves at 100 ms frames last ≈ 70 frames (at 0.5 s, ≈ 14)
const GODFREY_STEPS_PER_FRAME = 4;
// The Godfrey tracker also reports single cells' spontaneous bursts (most of its events
// recruit 1–4 cells); a wave recruits dozens to thousands.
const GODFREY_MIN_WAVE_CELLS = 20;

function simulateWaves(config: DataConfig, kind: WaveKind, frames: number): WaveMovie {
  const seed = config.dataSeed * 2 + (kind === "directional" ? 1 : 0);
  if (kind === "undirectional" && config.undirectionalWaves === "godfrey") {
    return simulateGodfrey({
      size: WAVE_GRID,
      frames,
      seed,
      stepsPerFrame: GODFREY_STEPS_PER_FRAME,
    });
  }
  return simulateTeh({
    size: WAVE_GRID,
    frames,
    seed,
    directional: kind === "directional",
    sigma: config.tehSigma ?? tehAuthorsSigma(),
    wrapAngles: config.wrapAngles,
  });
}

/**
 * Pre-training clips of directional Teh waves, or of the undirectional condition's waves
 * (Godfrey by default, the paper's row; or Teh with a uniform inhibition point), at the
 * paper's 64×64 grid, area-resampled to `size` (graded edges when smaller). With
 * `waveClips: "within"` every clip lies inside one wave, as in the authors' data (each wave
 * simulated and saved on its own); validation clips come from later waves than training
 * clips. With `"stream"`, clips are cut from one continuous recording.
 *
 * @example
 * ```ts
 * import { may2025Presets } from "@prevision/prevision/studies";
 * const waves = waveData(dataConfig(may2025Presets.tiny), "directional");
 * waves.train.count; // the preset's pretrainClips
 * ```
 */
export function waveData(config: DataConfig, kind: WaveKind): WaveData {
  const clips = config.pretrainClips;
  const validationClips = Math.max(1, Math.ceil(clips / 9));
  const clipLength = config.frames + 1;
  let total = (clips + validationClips) * clipLength * (config.waveClips === "within" ? 2 : 1);
  for (let attempt = 0;; attempt++) {
    const movie = simulateWaves(config, kind, total);
    const godfrey = kind === "undirectional" && config.undirectionalWaves === "godfrey";
    const waves = godfrey
      ? movie.waves.filter((w) => w.cells >= GODFREY_MIN_WAVE_CELLS)
      : movie.waves;
    const starts = config.waveClips === "within"
      ? clipStartsWithin(waves, config.frames)
      : clipStarts(total, config.frames);
    if (starts.length >= clips + validationClips) {
      const frames = config.size === WAVE_GRID
        ? Float32Array.from(movie.data)
        : resizeFrames(movie.data, total, WAVE_GRID, WAVE_GRID, config.size, config.size, "area");
      const all = new MovieClips(frames, config.size, config.size, config.frames, starts);
      const index = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
      return {
        train: all.subset(index(0, clips)),
        validation: all.subset(index(starts.length - validationClips, starts.length)),
      };
    }
    // doubling stops before the 64×64 movie would pass 1 GB
    if (attempt >= 8 || 2 * total * WAVE_GRID * WAVE_GRID > 2 ** 30) {
      throw new InputError(
        `could not find ${clips + validationClips} wave clips of ${clipLength} frames ` +
          `in ${total} simulated frames (waves too short for --frames ${config.frames}?)`,
      );
    }
    total *= 2;
  }
}

/**
 * The fine-tuning movie: the corridor flight, or `--natural PATH`: a `.npy` movie
 * [frames, h, w], a video file (decoded by ffmpeg), or a folder of images (each turned into
 * a self-motion movie: a window drifting over the image with saccades).
 *
 * @example
 * ```ts
 * import { may2025Presets } from "@prevision/prevision/studies";
 * const { frames } = await targetMovie(dataConfig(may2025Presets.tiny));
 * frames; // 120: 30 clips of 3 + 1 frames
 * ```
 */
export async function targetMovie(
  config: DataConfig,
): Promise<{ movie: Float32Array; frames: number }> {
  const needed = config.finetuneClips * (config.frames + 1);
  if (config.natural) {
    const path = config.natural;
    const size = config.size;
    if (Deno.statSync(path).isDirectory) {
      return await imageFolderMovie(path, size, needed, config.dataSeed);
    }
    if (path.toLowerCase().endsWith(".npy")) return naturalMovie(path, size, needed);
    const video = await readVideo(path, { width: size, height: size, maxFrames: needed });
    return { movie: video.data, frames: video.frames };
  }
  const movie = config.corridorView === "authors"
    ? renderCorridorView({
      width: config.size,
      height: config.size,
      frames: needed,
      seed: config.dataSeed,
      speed: config.corridorSpeed ?? AUTHORS_SPEED * 64 / config.size,
    })
    : renderCorridor({
      width: config.size,
      height: config.size,
      frames: needed,
      seed: config.dataSeed,
    });
  return { movie, frames: needed };
}

/** A .npy movie [frames, h, w] (any numeric dtype; scaled to [0, 1] by its range), resized. */
function naturalMovie(path: string, size: number, needed: number) {
  let array;
  try {
    array = readNpy(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`--natural ${path}: ${(error as Error).message}`);
  }
  if (array.shape.length !== 3) {
    throw new InputError(
      `--natural needs a [frames, height, width] .npy, got shape [${array.shape}]`,
    );
  }
  const [n, h, w] = array.shape;
  const data = array.data as ArrayLike<number>;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  const frames = Math.min(n, needed);
  const unit = new Float32Array(frames * h * w);
  for (let i = 0; i < unit.length; i++) unit[i] = (Number(data[i]) - lo) * scale;
  const movie = h === size && w === size
    ? unit
    : resizeFrames(unit, frames, h, w, size, size, "area");
  return { movie, frames };
}

/** Fine-tuning splits of one fold: train, validation (fold `fold` of k) and test. */
export interface FoldData {
  /** Clips to fine-tune on. */
  train: MovieClips;
  /** The fold's validation block (early stopping, epoch 0 and 1 losses). */
  validation: MovieClips;
  /** The held-out test block (the same for every fold). */
  test: MovieClips;
}

/**
 * Splits the target movie's clips: the last `testFraction` are the held-out test set; the
 * rest form `folds` contiguous blocks, block `fold` validating and the others training.
 * With folds = 1 a fifth of the non-test clips validates.
 *
 * @example
 * ```ts
 * import { may2025Presets } from "@prevision/prevision/studies";
 * const data = dataConfig(may2025Presets.tiny);
 * const { movie, frames } = await targetMovie(data);
 * foldData(data, movie, frames, 0).test.count; // 6
 * ```
 */
export function foldData(
  config: DataConfig,
  movie: Float32Array,
  total: number,
  fold: number,
): FoldData {
  const all = new MovieClips(
    movie,
    config.size,
    config.size,
    config.frames,
    clipStarts(total, config.frames),
  );
  const nTest = Math.max(1, Math.round(all.count * config.testFraction));
  const nRest = all.count - nTest;
  const k = Math.max(1, config.folds);
  const parts = k === 1 ? 5 : k;
  const blockStart = (i: number) => Math.round((i * nRest) / parts);
  const valFrom = blockStart(fold), valTo = blockStart(fold + 1);
  if (valTo - valFrom < 1 || nRest - (valTo - valFrom) < 1) {
    throw new InputError(`too few clips (${all.count}) for ${k} folds and a test set`);
  }
  const train: number[] = [], validation: number[] = [], test: number[] = [];
  for (let i = 0; i < all.count; i++) {
    if (i >= nRest) test.push(i);
    else if (i >= valFrom && i < valTo) validation.push(i);
    else train.push(i);
  }
  return { train: all.subset(train), validation: all.subset(validation), test: all.subset(test) };
}

/** Self-motion movies over every image of a folder (PNG, .npy, or anything ffmpeg reads). */
async function imageFolderMovie(dir: string, size: number, needed: number, seed: number) {
  const names = [...Deno.readDirSync(dir)].filter((e) => e.isFile && !e.name.startsWith("."))
    .map((e) => e.name).sort();
  if (names.length === 0) throw new InputError(`--natural ${dir}: the folder has no images`);
  const per = Math.ceil(needed / names.length);
  const movie = new Float32Array(needed * size * size);
  let filled = 0;
  for (let i = 0; i < names.length && filled < needed; i++) {
    const image = await readImage(`${dir}/${names[i]}`);
    const n = Math.min(per, needed - filled);
    const part = selfMotionMovie(image, { frames: n, width: size, height: size, seed: seed + i });
    movie.set(part.data, filled * size * size);
    filled += n;
  }
  return { movie, frames: needed };
}
