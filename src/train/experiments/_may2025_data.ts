/**
 * Data of the may2025 experiment: Teh retinal waves (directional / undirectional) for
 * pre-training, the corridor movie (or a natural movie from --natural) for fine-tuning,
 * cut into clips of `frames + 1` frames, with a held-out test block and k contiguous
 * cross-validation folds. Everything is a function of the data seed.
 */
import { simulateTeh } from "../../stimuli/waves/teh.ts";
import { renderCorridor } from "../../stimuli/corridor.ts";
import { resizeFrames } from "../../stimuli/resize.ts";
import { readNpy } from "../../io/npy.ts";
import { readImage, readVideo, selfMotionMovie } from "../../stimuli/natural.ts";
import { InputError } from "../../util/errors.ts";
import { clipStarts, MovieClips } from "../clips.ts";

/** What the data builders need from the experiment config. */
export interface DataConfig {
  size: number;
  frames: number;
  dataSeed: number;
  pretrainClips: number;
  finetuneClips: number;
  folds: number;
  testFraction: number;
  natural: string | null;
}

/** Pre-training clips: train and a 10 % validation block. */
export interface WaveData {
  train: MovieClips;
  validation: MovieClips;
}

const WAVE_GRID = 64; // the Teh model is defined on the 64×64 grid of the paper

/** Teh waves at the paper's 64×64 grid, area-resampled to `size` (graded edges when smaller). */
export function waveData(config: DataConfig, directional: boolean): WaveData {
  const clips = config.pretrainClips;
  const total = Math.ceil(clips / 0.9) * (config.frames + 1);
  const movie = simulateTeh({
    size: WAVE_GRID,
    frames: total,
    seed: config.dataSeed * 2 + (directional ? 1 : 0),
    directional,
  });
  const frames = config.size === WAVE_GRID
    ? Float32Array.from(movie.data)
    : resizeFrames(movie.data, total, WAVE_GRID, WAVE_GRID, config.size, config.size, "area");
  const all = new MovieClips(
    frames,
    config.size,
    config.size,
    config.frames,
    clipStarts(total, config.frames),
  );
  const nTrain = Math.min(clips, all.count - 1);
  const index = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return { train: all.subset(index(0, nTrain)), validation: all.subset(index(nTrain, all.count)) };
}

/**
 * The fine-tuning movie: the corridor flight, or `--natural PATH`: a `.npy` movie
 * [frames, h, w], a video file (decoded by ffmpeg), or a folder of images (each turned into
 * a self-motion movie: a window drifting over the image with saccades).
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
  const movie = renderCorridor({
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
  train: MovieClips;
  validation: MovieClips;
  test: MovieClips;
}

/**
 * Splits the target movie's clips: the last `testFraction` are the held-out test set; the
 * rest form `folds` contiguous blocks, block `fold` validating and the others training.
 * With folds = 1 a fifth of the non-test clips validates.
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
