/**
 * The data of a yan2020 unit: white-noise or natural-like movies, the simulated cells'
 * noise-free rates and Poisson spike trains on them (training, validation, and a test movie
 * with repeated trials), or a recording split in time.
 *
 * Every random draw is seeded from the replicate seed, so a unit is a pure function of the
 * config and its parameters: movies use `seed·1000 + split·10 (+5 for natural)`, spikes
 * `seed·7919 + 1 | 2` (training | validation) and `seed·7919 + 100 + trial` (test repeats).
 *
 * @module
 */
import { binaryCheckerboard, type GridMovie } from "../../stimuli/white_noise.ts";
import { naturalLikeMovie } from "../../stimuli/natural_like.ts";
import { drawSpikes, type RgcCell, rgcRate } from "../../biology/rgc/cell.ts";
import { rgcPopulation } from "../../biology/rgc/population.ts";
import { loadRecording } from "../../io/spikes.ts";
import { InputError } from "../../util/errors.ts";
import type { RecordedConfig, Yan2020Config } from "./config.ts";

/** The stimulus class a model is trained or tested on. */
export type Stimulus = "white-noise" | "natural";

/** Which part of the data a movie is for (part of its seed). */
const SPLIT = { train: 1, validation: 2, test: 3 } as const;

/**
 * The movie of one split for one replicate.
 *
 * @example
 * ```ts
 * movieFor(1, "white-noise", "test", 100).frames; // 100
 * ```
 */
export function movieFor(
  seed: number,
  stimulus: Stimulus,
  split: keyof typeof SPLIT,
  frames: number,
): GridMovie {
  const movieSeed = seed * 1000 + SPLIT[split] * 10 + (stimulus === "natural" ? 5 : 0);
  return stimulus === "natural"
    ? naturalLikeMovie({ frames, seed: movieSeed })
    : binaryCheckerboard({ frames, seed: movieSeed });
}

/**
 * The config's simulated cells, with its output gain and the paper's threshold of 2.5.
 *
 * @example
 * ```ts
 * import { cellsOf, yan2020Presets } from "@prevision/prevision/studies";
 * cellsOf(yan2020Presets.quick).map((c) => c.name); // ["quadrants-off", "nine-off", "bars-on"]
 * ```
 */
export function cellsOf(
  config: Pick<Yan2020Config, "cells" | "gain"> & Partial<Pick<Yan2020Config, "spiking">>,
): RgcCell[] {
  return rgcPopulation(config.cells, {
    kind: "threshold-linear",
    gain: config.gain,
    threshold: 2.5,
  }).map((cell) => ({ ...cell, spiking: config.spiking ?? cell.spiking }));
}

/**
 * The movie the models see: with `excludeCurrent` every frame moves one step later (a blank
 * frame first), so the history window of the response at t ends at frame t − 1, as in the
 * authors' loader (`rolling_window` then `r[history:]`). The cell itself sees the original.
 *
 * @example
 * ```ts
 * const m = { data: Float32Array.from([1, 2, 3]), frames: 3, size: 1, frameRate: 30 };
 * Array.from(modelView(m, true).data); // [0, 1, 2]
 * ```
 */
export function modelView(movie: GridMovie, excludeCurrent: boolean): GridMovie {
  if (!excludeCurrent) return movie;
  const px = movie.size * movie.size;
  const data = new Float32Array(movie.data.length);
  data.set(movie.data.subarray(0, movie.data.length - px), px);
  return { ...movie, data };
}

/** A training or validation movie with the cell's true rate and one spike train. */
export interface ResponseSplit {
  movie: GridMovie;
  expected: Float64Array;
  spikes: Float32Array;
}

/**
 * Training and validation data of one cell on one stimulus class.
 *
 * @example
 * ```ts
 * import { cellsOf, yan2020Presets } from "@prevision/prevision/studies";
 * const config = yan2020Presets.tiny;
 * const { train } = fitData(config, cellsOf(config)[0], "white-noise", 1);
 * train.expected.length; // 600 frames
 * ```
 */
export function fitData(
  config: Yan2020Config,
  cell: RgcCell,
  stimulus: Stimulus,
  seed: number,
): { train: ResponseSplit; validation: ResponseSplit } {
  const respond = (movie: GridMovie, spikeSeed: number): ResponseSplit => {
    const { expected } = rgcRate(cell, movie);
    return {
      movie: modelView(movie, config.excludeCurrent),
      expected,
      spikes: drawSpikes(expected, cell.spiking, spikeSeed),
    };
  };
  const base = seed * 7919;
  return {
    train: respond(movieFor(seed, stimulus, "train", config.trainFrames), base + 1),
    validation: respond(movieFor(seed, stimulus, "validation", config.valFrames), base + 2),
  };
}

/** A held-out movie with the true rate and `repeats` spike trials. */
export interface TestSet {
  movie: GridMovie;
  expected: Float64Array;
  trials: Float32Array[];
}

/**
 * The held-out test movie of one cell on one stimulus class.
 *
 * @example
 * ```ts
 * import { cellsOf, yan2020Presets } from "@prevision/prevision/studies";
 * const config = yan2020Presets.tiny;
 * testSet(config, cellsOf(config)[0], "natural", 1).trials.length; // config.repeats
 * ```
 */
export function testSet(
  config: Yan2020Config,
  cell: RgcCell,
  stimulus: Stimulus,
  seed: number,
): TestSet {
  const movie = movieFor(seed, stimulus, "test", config.testFrames);
  const { expected } = rgcRate(cell, movie);
  const trials = Array.from(
    { length: config.repeats },
    (_, r) => drawSpikes(expected, cell.spiking, seed * 7919 + 100 + r),
  );
  return { movie: modelView(movie, config.excludeCurrent), expected, trials };
}

/** A stretch of a recording: the movie and one cell's spike counts per frame. */
export interface RecordedSplit {
  movie: { data: Float32Array; frames: number; size: number };
  response: Float32Array;
}

/** One recorded cell split in time: 80 % training, 10 % validation, 10 % test. */
export interface RecordedData {
  train: RecordedSplit;
  validation: RecordedSplit;
  test: RecordedSplit;
  frames: number;
  size: number;
  spikeCount: number;
  /** Spikes that fell outside the movie. */
  dropped: number;
}

/**
 * Loads the recording of `recorded` and splits the chosen cell's data in time.
 *
 * @example
 * ```ts
 * const data = recordedData({
 *   stimulus: "stim.npy",
 *   spikeTimes: "spikes.npy",
 *   frameRate: 30,
 *   frameTimes: null,
 *   cellIndex: 0,
 * }, 20);
 * console.log(data.train.movie.frames, data.spikeCount);
 * ```
 */
export function recordedData(recorded: RecordedConfig, history: number): RecordedData {
  const data = loadRecording({
    stimulus: recorded.stimulus!,
    spikes: recorded.spikeTimes!,
    frameRate: recorded.frameTimes === null ? recorded.frameRate! : undefined,
    frameTimes: recorded.frameTimes ?? undefined,
  });
  const counts = data.counts[recorded.cellIndex];
  if (!counts) {
    throw new InputError(
      `cell ${recorded.cellIndex} not in the recording (${data.counts.length} cells)`,
    );
  }
  const { movie } = data;
  if (movie.frames < 20 * history) {
    throw new InputError(`recording too short: ${movie.frames} frames`);
  }
  const px = movie.size * movie.size;
  const slice = (from: number, to: number): RecordedSplit => ({
    movie: { data: movie.data.slice(from * px, to * px), frames: to - from, size: movie.size },
    response: counts.slice(from, to),
  });
  const a = Math.floor(movie.frames * 0.8);
  const b = Math.floor(movie.frames * 0.9);
  return {
    train: slice(0, a),
    validation: slice(a, b),
    test: slice(b, movie.frames),
    frames: movie.frames,
    size: movie.size,
    spikeCount: counts.reduce((x, y) => x + y, 0),
    dropped: data.dropped,
  };
}
