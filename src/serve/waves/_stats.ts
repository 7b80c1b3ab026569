/** JSON statistics of a wave movie. */
import type { WaveMovie } from "../../stimuli/waves/types.ts";

/** Active fraction per frame, its mean, and the first 100 wave events. */
export function waveStats(movie: WaveMovie): {
  size: number;
  frames: number;
  waves: number;
  meanActive: number;
  activePerFrame: number[];
  events: Record<string, unknown>[];
} {
  const n = movie.size * movie.size;
  const active: number[] = [];
  for (let f = 0; f < movie.frames; f++) {
    let on = 0;
    const frame = movie.data.subarray(f * n, (f + 1) * n);
    for (let i = 0; i < n; i++) on += frame[i] ? 1 : 0;
    active.push(on / n);
  }
  const mean = active.length ? active.reduce((a, b) => a + b, 0) / active.length : 0;
  return {
    size: movie.size,
    frames: movie.frames,
    waves: movie.waves.length,
    meanActive: mean,
    activePerFrame: active,
    events: movie.waves.slice(0, 100).map((w) => ({
      ...w,
      direction: Number.isFinite(w.direction) ? w.direction : null,
    })),
  };
}
