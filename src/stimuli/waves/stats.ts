/**
 * Wave statistics from binary frames, for any model or recording: waves per minute, wave
 * size (pixels and mm²), propagation speed, inter-wave interval per cell, and the
 * direction distribution with its bias. Frames are consumed one at a time (bounded
 * memory); waves are found by ./_tracker.ts, the same tracker the simulators use for
 * their events. They live beside the wave models because they are what the models are
 * tuned to reproduce (and the `simulate waves --stats` command reports them).
 *
 * @module
 */
import { ensure } from "../../util/errors.ts";
import { WaveTracker } from "./_tracker.ts";
import type { WaveEvent } from "./types.ts";

/** Options of the statistics. */
export interface WaveStatsOptions {
  /** Seconds per frame. */
  secondsPerFrame: number;
  /** µm of retina per pixel. */
  micronsPerPixel: number;
  /** Smallest wave counted, in pixels (default max(10, 0.5 % of the frame)). */
  minCells?: number;
}

/** Summary of a distribution. */
export interface Summary {
  /** Number of values. */
  n: number;
  /** Mean. */
  mean: number;
  /** Sample standard deviation. */
  sd: number;
  /** Median. */
  median: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
}

/** Statistics of a recording. */
export interface WaveStats {
  /** Recording length in seconds. */
  seconds: number;
  /** Waves of at least minCells pixels. */
  waves: number;
  /** All tracked events, including tiny ones below minCells. */
  events: number;
  /** Waves (≥ minCells) per minute of recording. */
  wavesPerMinute: number;
  /** Pixels recruited per wave. */
  sizeCells: Summary;
  /** Area recruited per wave in mm². */
  areaMm2: Summary;
  /** Wave duration in s. */
  durationSeconds: Summary;
  /** Propagation speed in µm/s (front distance from the start point against time). */
  speedMicronsPerSecond: Summary;
  /** Interval between successive waves at the same pixel, in s. */
  interWaveIntervalSeconds: Summary;
  /** Fraction of the frame active, averaged over frames. */
  activeFraction: number;
  /** Waves per 45° direction bin, bin k centred on k·45° (0° = +column, 90° = +row). */
  directionHistogram: number[];
  /** Length of the mean resultant vector of wave directions (0 = isotropic, 1 = all alike). */
  directionBias: number;
  /** Circular mean direction in degrees. */
  meanDirectionDegrees: number;
}

/** Summarises numbers (NaN fields when empty). */
export function summarise(values: number[]): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1));
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { n, mean, sd, median, min: sorted[0], max: sorted[n - 1] };
}

/**
 * Accumulates wave statistics frame by frame.
 *
 * @example
 * ```ts
 * import { simulateTeh, WaveStatsAccumulator } from "@prevision/prevision/waves";
 * const movie = simulateTeh({ frames: 400, seed: 1 });
 * const acc = new WaveStatsAccumulator(64, { secondsPerFrame: 0.5, micronsPerPixel: 50 });
 * for (let f = 0; f < movie.frames; f++) acc.push(movie.data.subarray(f * 4096, (f + 1) * 4096));
 * console.log(acc.result().wavesPerMinute);
 * ```
 */
export class WaveStatsAccumulator {
  /** Frame side in pixels. */
  readonly size: number;
  #opts: Required<WaveStatsOptions>;
  #tracker: WaveTracker;
  #frames = 0;
  #active = 0;
  // Onsets (frame, wave id) per pixel, kept so intervals can skip sub-threshold events.
  #onsetFrames: number[] = [];
  #onsetWaves: number[] = [];
  #onsetPixels: number[] = [];
  #fit = new Map<number, { sdt: number; stt: number }>();

  /** Statistics of size×size frames with the given time and space scales. */
  constructor(size: number, options: WaveStatsOptions) {
    ensure(
      options.secondsPerFrame > 0 && options.micronsPerPixel > 0,
      "wave stats need secondsPerFrame and micronsPerPixel > 0",
    );
    this.size = size;
    this.#opts = { minCells: Math.max(10, Math.round(0.005 * size * size)), ...options };
    this.#tracker = new WaveTracker(
      size,
      (pixel, wave, frame, origin) => this.#recruit(pixel, wave, frame, origin),
    );
  }

  #recruit(pixel: number, wave: WaveEvent, frame: number, origin: [number, number]): void {
    this.#onsetFrames.push(frame);
    this.#onsetWaves.push(wave.id);
    this.#onsetPixels.push(pixel);
    const tau = frame - wave.startFrame;
    if (tau <= 0) return;
    const r = Math.floor(pixel / this.size), c = pixel % this.size;
    const d = Math.hypot(r - origin[0], c - origin[1]);
    const fit = this.#fit.get(wave.id) ?? { sdt: 0, stt: 0 };
    fit.sdt += d * tau;
    fit.stt += tau * tau;
    this.#fit.set(wave.id, fit);
  }

  /** Feeds one frame. */
  push(frame: ArrayLike<number>): void {
    this.#tracker.push(frame);
    let on = 0;
    for (let i = 0; i < frame.length; i++) if (frame[i]) on++;
    this.#active += on / frame.length;
    this.#frames++;
  }

  /** Statistics of everything pushed so far. */
  result(): WaveStats {
    const { secondsPerFrame: dt, micronsPerPixel: um, minCells } = this.#opts;
    const seconds = this.#frames * dt;
    const all = this.#tracker.waves;
    const waves = all.filter((w) => w.cells >= minCells);
    const hist = new Array(8).fill(0);
    let sx = 0, sy = 0, nd = 0;
    for (const w of waves) {
      if (Number.isNaN(w.direction)) continue;
      hist[((Math.round(w.direction / (Math.PI / 4)) % 8) + 8) % 8]++;
      sx += Math.cos(w.direction);
      sy += Math.sin(w.direction);
      nd++;
    }
    const speeds = waves.flatMap((w) => {
      const fit = this.#fit.get(w.id);
      return fit && fit.stt > 0 ? [(fit.sdt / fit.stt) * (um / dt)] : [];
    });
    const lastFrame = this.#frames - 1;
    const big = new Uint8Array(all.length);
    for (const w of waves) big[w.id] = 1;
    const lastOnset = new Float64Array(this.size * this.size).fill(NaN);
    const intervals: number[] = [];
    for (let i = 0; i < this.#onsetFrames.length; i++) {
      if (!big[this.#onsetWaves[i]]) continue;
      const p = this.#onsetPixels[i], frame = this.#onsetFrames[i];
      if (!Number.isNaN(lastOnset[p])) intervals.push((frame - lastOnset[p]) * dt);
      lastOnset[p] = frame;
    }
    return {
      seconds,
      waves: waves.length,
      events: all.length,
      wavesPerMinute: seconds > 0 ? waves.length / (seconds / 60) : NaN,
      sizeCells: summarise(waves.map((w) => w.cells)),
      areaMm2: summarise(waves.map((w) => (w.cells * um * um) / 1e6)),
      durationSeconds: summarise(
        waves.map((w) => ((w.endFrame < 0 ? lastFrame : w.endFrame) - w.startFrame + 1) * dt),
      ),
      speedMicronsPerSecond: summarise(speeds),
      interWaveIntervalSeconds: summarise(intervals),
      activeFraction: this.#frames ? this.#active / this.#frames : NaN,
      directionHistogram: hist,
      directionBias: nd ? Math.hypot(sx, sy) / nd : NaN,
      meanDirectionDegrees: nd ? (Math.atan2(sy, sx) * 180) / Math.PI : NaN,
    };
  }
}

/**
 * Statistics of an in-memory stack of frames×size×size binary frames.
 *
 * @example
 * ```ts
 * import { simulateTeh, waveStats } from "@prevision/prevision/waves";
 * const movie = simulateTeh({ frames: 400, seed: 1 });
 * const stats = waveStats(movie.data, movie.frames, 64, { secondsPerFrame: 0.5, micronsPerPixel: 50 });
 * ```
 */
export function waveStats(
  data: ArrayLike<number> & { subarray?: unknown },
  frames: number,
  size: number,
  options: WaveStatsOptions,
): WaveStats {
  ensure(
    data.length === frames * size * size,
    `wave stats: expected ${frames * size * size} values, got ${data.length}`,
  );
  const acc = new WaveStatsAccumulator(size, options);
  const n = size * size;
  const view = data as Uint8Array;
  for (let f = 0; f < frames; f++) {
    acc.push(
      view.subarray
        ? view.subarray(f * n, (f + 1) * n)
        : Array.from({ length: n }, (_, i) => data[f * n + i]),
    );
  }
  return acc.result();
}
