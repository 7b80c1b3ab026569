/**
 * The RGC CNN's input layout, shared by the model and its fitting loop
 * (src/train/rgc_cnn_fit.ts): for frame t, the last `history` frames as channels.
 *
 * @module
 */
import type { FlatMovie } from "../stimuli/flat_movie.ts";

/**
 * Fills `out` (length frames.length · size² · history) with the CNN inputs for `frames`:
 * for frame t, the last `history` frames as channels, flattened as
 * `[(y · size + x) · history + lag]` (lag 0 = frame t itself; frames before the movie
 * start are zero).
 *
 * @example
 * ```ts
 * import { historyBatch } from "@prevision/prevision/models";
 * const movie = { data: new Float32Array(3 * 4), frames: 3, size: 2 };
 * const x = historyBatch(movie, [0, 2], 2); // 2 frames × 4 pixels × 2 lags
 * console.log(x.length); // 16
 * ```
 */
export function historyBatch(
  movie: FlatMovie,
  frames: ArrayLike<number>,
  history: number,
  out?: Float32Array,
): Float32Array {
  const px = movie.size * movie.size;
  const per = px * history;
  const x = out ?? new Float32Array(frames.length * per);
  const d = movie.data;
  for (let b = 0; b < frames.length; b++) {
    const t = frames[b];
    const base = b * per;
    for (let lag = 0; lag < history; lag++) {
      const src = t - lag;
      if (src < 0) {
        for (let p = 0; p < px; p++) x[base + p * history + lag] = 0;
        continue;
      }
      const mo = src * px;
      for (let p = 0; p < px; p++) x[base + p * history + lag] = d[mo + p];
    }
  }
  return x;
}
