/**
 * Spike-triggered average (STA) and the classic LN prediction built from it: the STA is the
 * linear filter, and the output nonlinearity is read off by binning the filtered stimulus
 * (Chichilnisky 2001).
 */
import { InputError } from "../util/errors.ts";
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { accumulateHistory, applyFilter, checkMovieResponse } from "./_lagged.ts";

/**
 * The spike-triggered average `[lags, pixels]`: the mean stimulus history before a spike
 * (weighted by spike count), minus the mean stimulus. Frames before `lags − 1` are skipped.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import { spikeTriggeredAverage } from "@prevision/prevision/analysis";
 * const movie = binaryCheckerboard({ frames: 6000, seed: 1 });
 * const { spikes } = simulateRgc(createRgc(), movie, { seed: 2 });
 * const sta = spikeTriggeredAverage(movie, spikes, 20); // 20 × 64 values
 * ```
 */
export function spikeTriggeredAverage(
  movie: FlatMovie,
  spikes: ArrayLike<number>,
  lags: number,
): Float64Array {
  checkMovieResponse(movie, spikes);
  if (!Number.isInteger(lags) || lags < 1 || lags > movie.frames) {
    throw new InputError(`lags must be an integer in [1, ${movie.frames}], got ${lags}`);
  }
  const px = movie.size * movie.size;
  const acc = new Float64Array(lags * px);
  let count = 0;
  const frames: number[] = [];
  for (let t = lags - 1; t < movie.frames; t++) {
    if (spikes[t] !== 0) {
      frames.push(t);
      count += spikes[t];
    }
  }
  if (count <= 0) throw new InputError("no spikes: the STA is undefined");
  accumulateHistory(movie, spikes, lags, acc, frames);
  const meanFrame = new Float64Array(px);
  for (let t = 0; t < movie.frames; t++) {
    for (let p = 0; p < px; p++) meanFrame[p] += movie.data[t * px + p] / movie.frames;
  }
  for (let k = 0; k < lags; k++) {
    for (let p = 0; p < px; p++) acc[k * px + p] = acc[k * px + p] / count - meanFrame[p];
  }
  return acc;
}

/**
 * An LN model whose filter is the STA and whose nonlinearity is a binned lookup table.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import { fitStaModel, type StaModel } from "@prevision/prevision/analysis";
 * const movie = binaryCheckerboard({ frames: 3000, seed: 1 });
 * const model: StaModel = fitStaModel(movie, simulateRgc(createRgc(), movie).spikes, 20);
 * console.log(model.nonlinearity.centers.length);
 * ```
 */
export interface StaModel {
  /** The STA `[lags, pixels]`. */
  filter: Float64Array;
  /** Frames of history the filter spans. */
  lags: number;
  /** Bin centres of the generator signal and mean response in each bin. */
  nonlinearity: { centers: number[]; values: number[] };
  /** Predicted expected response per frame for a movie. */
  predict(movie: FlatMovie): Float64Array;
}

/**
 * Fits the STA + binned nonlinearity model on training data.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * import { fitStaModel } from "@prevision/prevision/analysis";
 * const movie = binaryCheckerboard({ frames: 6000, seed: 1 });
 * const { spikes } = simulateRgc(createRgc(), movie, { seed: 2 });
 * const model = fitStaModel(movie, spikes, 20);
 * const predicted = model.predict(binaryCheckerboard({ frames: 600, seed: 9 }));
 * ```
 */
export function fitStaModel(
  movie: FlatMovie,
  spikes: ArrayLike<number>,
  lags: number,
  bins = 20,
): StaModel {
  const filter = spikeTriggeredAverage(movie, spikes, lags);
  const g = applyFilter(movie, filter, lags);
  const idx = Array.from({ length: movie.frames - lags + 1 }, (_, i) => i + lags - 1);
  idx.sort((a, b) => g[a] - g[b]);
  const centers: number[] = [];
  const values: number[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor(b * idx.length / bins);
    const hi = Math.floor((b + 1) * idx.length / bins);
    if (hi <= lo) continue;
    let sg = 0;
    let sr = 0;
    for (let i = lo; i < hi; i++) {
      sg += g[idx[i]];
      sr += spikes[idx[i]];
    }
    centers.push(sg / (hi - lo));
    values.push(sr / (hi - lo));
  }
  const lookup = (x: number): number => {
    if (x <= centers[0]) return values[0];
    const last = centers.length - 1;
    if (x >= centers[last]) return values[last];
    let i = 1;
    while (centers[i] < x) i++;
    const f = (x - centers[i - 1]) / (centers[i] - centers[i - 1] || 1);
    return values[i - 1] + f * (values[i] - values[i - 1]);
  };
  return {
    filter,
    lags,
    nonlinearity: { centers, values },
    predict(test: FlatMovie): Float64Array {
      if (test.size !== movie.size) throw new InputError("test movie size differs from training");
      return applyFilter(test, filter, lags).map(lookup);
    },
  };
}
