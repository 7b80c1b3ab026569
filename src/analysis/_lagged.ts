/**
 * Lagged-stimulus helpers shared by the STA and LN code. A spatio-temporal filter is a
 * `[lags, pixels]` row-major array; row `k` weights the frame `k` frames before the response.
 */
import type { FlatMovie } from "../stimuli/flat_movie.ts";
import { InputError } from "../util/errors.ts";

/** Throws unless the movie and the per-frame response line up. */
export function checkMovieResponse(movie: FlatMovie, response: ArrayLike<number>): void {
  if (movie.data.length !== movie.frames * movie.size * movie.size) {
    throw new InputError(`movie has ${movie.data.length} values, expected frames × size²`);
  }
  if (response.length !== movie.frames) {
    throw new InputError(`response has ${response.length} frames, movie has ${movie.frames}`);
  }
}

/** Generator signal `g[t] = Σ_k Σ_p filter[k, p] · movie[t − k, p]` (zero-padded before 0). */
export function applyFilter(
  movie: FlatMovie,
  filter: ArrayLike<number>,
  lags: number,
): Float64Array {
  const px = movie.size * movie.size;
  if (filter.length !== lags * px) {
    throw new InputError(`filter has ${filter.length} values, expected ${lags}×${px}`);
  }
  const out = new Float64Array(movie.frames);
  const d = movie.data;
  for (let t = 0; t < movie.frames; t++) {
    let s = 0;
    const kmax = Math.min(lags - 1, t);
    for (let k = 0; k <= kmax; k++) {
      const fo = k * px;
      const mo = (t - k) * px;
      for (let p = 0; p < px; p++) s += filter[fo + p] * d[mo + p];
    }
    out[t] = s;
  }
  return out;
}

/** Adds `scale[t] · stimulus history at t` to `acc` for every t (the transpose of applyFilter). */
export function accumulateHistory(
  movie: FlatMovie,
  scale: ArrayLike<number>,
  lags: number,
  acc: Float64Array,
  frames?: Iterable<number>,
): void {
  const px = movie.size * movie.size;
  const d = movie.data;
  const ts = frames ?? Array.from({ length: movie.frames }, (_, t) => t);
  for (const t of ts) {
    const w = scale[t];
    if (w === 0) continue;
    const kmax = Math.min(lags - 1, t);
    for (let k = 0; k <= kmax; k++) {
      const fo = k * px;
      const mo = (t - k) * px;
      for (let p = 0; p < px; p++) acc[fo + p] += w * d[mo + p];
    }
  }
}
