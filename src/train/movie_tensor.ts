/**
 * A movie (frames of square images, flat: a retinal-wave simulation's 0/1 bytes or any
 * stimulus's floats) as the tensor a frame predictor reads, `[batch, frames, h, w, 1]`,
 * and a model's tensor back as a movie — so that nobody reshapes waves by hand.
 *
 * @module
 */
import { tf } from "../backend/tf.ts";
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { InputError } from "../util/errors.ts";

/**
 * Any movie in `[frames, size, size]` layout, flattened: a `WaveMovie` (0/1 bytes), a
 * `FlatMovie` (floats), or frames of your own.
 */
export interface MovieFrames {
  /** `frames · size · size` values, row-major per frame. */
  readonly data: Uint8Array | Float32Array;
  /** Number of frames. */
  readonly frames: number;
  /** Pixels per side (frames are square). */
  readonly size: number;
}

/** How {@link movieToTensor} cuts a movie into samples. */
export interface MovieTensorOptions {
  /** Frames per sample (default: the whole movie, from `start`, as one sample). */
  clipFrames?: number;
  /** Frames from one sample's start to the next (default `clipFrames`: no overlap). */
  stride?: number;
  /** First frame of the first sample (default 0). */
  start?: number;
  /** At most this many samples (default: as many as fit). */
  clips?: number;
}

/**
 * A movie as a frame predictor's input, `[batch, frames, size, size, 1]` float32: the whole
 * movie as one sample, or consecutive clips of `clipFrames` frames `stride` apart (a clip
 * that would run past the end is left out). 0/1 bytes become 0/1 floats. The caller owns the
 * tensor (dispose it, or create it inside `tf.tidy`).
 *
 * @example Feed simulated waves to a model, four frames per sample
 * ```ts
 * import { buildFramePredictor, movieToTensor, simulateTeh, tf } from "@prevision/prevision";
 * const movie = simulateTeh({ size: 16, frames: 40, seed: 1 });
 * const x = movieToTensor(movie, { clipFrames: 4 }); // [10, 4, 16, 16, 1]
 * const model = buildFramePredictor(
 *   { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 },
 *   1,
 * );
 * const next = model.predict(x) as tf.Tensor; // [10, 16, 16, 1]: each clip's next frame
 * ```
 */
export function movieToTensor(movie: MovieFrames, options: MovieTensorOptions = {}): tf.Tensor5D {
  const { frames, size, data } = movie;
  if (!Number.isInteger(size) || size < 1) {
    throw new InputError(`movie size must be a positive integer, got ${size}`);
  }
  if (!Number.isInteger(frames) || frames < 1 || data.length !== frames * size * size) {
    throw new InputError(
      `movie data has ${data.length} values, expected frames × size × size = ${frames} × ${size}²`,
    );
  }
  const start = options.start ?? 0;
  const clipFrames = options.clipFrames ?? frames - start;
  const stride = options.stride ?? clipFrames;
  const count = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) {
      throw new InputError(`${name} must be an integer ≥ ${min}, got ${v}`);
    }
  };
  count("start", start, 0);
  count("clipFrames", clipFrames, 1);
  count("stride", stride, 1);
  if (start + clipFrames > frames) {
    throw new InputError(
      `a clip of ${clipFrames} frames from frame ${start} runs past the movie's ${frames} frames`,
    );
  }
  let batch = Math.floor((frames - start - clipFrames) / stride) + 1;
  if (options.clips !== undefined) {
    count("clips", options.clips, 1);
    batch = Math.min(batch, options.clips);
  }
  const n = size * size;
  const out = new Float32Array(batch * clipFrames * n);
  for (let b = 0; b < batch; b++) {
    const from = (start + b * stride) * n;
    // Float32Array.set converts bytes to floats itself.
    out.set(data.subarray(from, from + clipFrames * n), b * clipFrames * n);
  }
  return tf.tensor5d(out, [batch, clipFrames, size, size, 1]);
}

/**
 * A model's frames back as a movie: `[batch, frames, h, w, 1]` (an input) gives
 * `batch · frames` frames in order, `[batch, h, w, 1]` (a frame predictor's output: one
 * next frame per sample) gives `batch` frames, `[frames, h, w]` gives `frames`. Frames must
 * be square with one channel. Reads the values with `data()`, which every backend supports
 * (WebGPU has no `dataSync`); the tensor is not disposed.
 *
 * @example Round trip, and the predictions as a movie
 * ```ts
 * import { movieToTensor, simulateTeh, tensorToMovie } from "@prevision/prevision";
 * const waves = simulateTeh({ size: 16, frames: 12, seed: 1 });
 * const x = movieToTensor(waves, { clipFrames: 4 }); // [3, 4, 16, 16, 1]
 * const back = await tensorToMovie(x); // 12 frames of 16 × 16, the same values as floats
 * console.log(back.frames, back.size, back.data[0] === waves.data[0]);
 * ```
 */
export async function tensorToMovie(tensor: tf.Tensor): Promise<FlatMovie> {
  const shape = tensor.shape;
  let frames: number, h: number, w: number, channels = 1;
  if (shape.length === 5) [frames, h, w, channels] = [shape[0] * shape[1], ...shape.slice(2)];
  else if (shape.length === 4) [frames, h, w, channels] = shape;
  else if (shape.length === 3) [frames, h, w] = shape;
  else {
    throw new InputError(
      `expected a tensor [batch, frames, h, w, 1], [batch, h, w, 1] or [frames, h, w], got [${shape}]`,
    );
  }
  if (channels !== 1) throw new InputError(`expected one channel, got ${channels} ([${shape}])`);
  if (h !== w) throw new InputError(`movie frames must be square, got ${h} × ${w} ([${shape}])`);
  const values = await tensor.data();
  const data = values instanceof Float32Array
    ? values
    : Float32Array.from(values as ArrayLike<number>);
  return { data, frames, size: h };
}
