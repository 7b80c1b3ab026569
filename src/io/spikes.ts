/**
 * Recorded data for system identification: a stimulus movie and spike times, both NPY.
 *
 * Format (all times in seconds):
 * - stimulus: `[frames, size, size]` float32/float64 (used as is; centre it on 0, e.g.
 *   ±0.5 contrast) or uint8 (mapped to v/255 − 0.5). Frames must be square.
 * - spikes: 1-D `[n]` spike times of one cell, or 2-D `[n, 2]` rows of (time, cell index).
 * - frame timing: either a frame rate (frame i starts at t0 + i / rate) or a 1-D
 *   `[frames]` NPY of frame onset times (increasing).
 * A spike at time s is counted in frame i when onset[i] ≤ s < onset[i + 1]; the last frame
 * lasts the median frame interval. Spikes outside the movie are dropped (and counted).
 */
import { npyToFloat64, readNpy } from "./npy.ts";
import { InputError } from "../util/errors.ts";

/**
 * A recording binned to the stimulus frames.
 *
 * @example
 * ```ts
 * import { loadRecording, type Recording } from "@prevision/prevision/io";
 * const rec: Recording = loadRecording({ stimulus: "stim.npy", spikes: "spikes.npy", frameRate: 30 });
 * console.log(rec.counts[0].reduce((a, b) => a + b, 0), "spikes in the movie");
 * ```
 */
export interface Recording {
  /** The stimulus, `[frames, size, size]` row-major, centred on 0. */
  movie: { data: Float32Array; frames: number; size: number };
  /** Spike counts per frame, one array per cell (cells numbered 0..n−1). */
  counts: Float32Array[];
  /** Mean frame rate in Hz. */
  frameRate: number;
  /** Spikes that fell outside the movie. */
  dropped: number;
}

/**
 * Options of {@link loadRecording}.
 *
 * @example
 * ```ts
 * import type { RecordingOptions } from "@prevision/prevision/io";
 * const options: RecordingOptions = { stimulus: "stim.npy", spikes: "spikes.npy", frameTimes: "frames.npy" };
 * ```
 */
export interface RecordingOptions {
  /** Stimulus NPY path (or bytes). */
  stimulus: string | Uint8Array;
  /** Spike-time NPY path (or bytes). */
  spikes: string | Uint8Array;
  /** Frame rate in Hz (unless `frameTimes` is given). */
  frameRate?: number;
  /** Onset of frame 0 in seconds with `frameRate` (default 0). */
  t0?: number;
  /** Frame-onset NPY path (or bytes). */
  frameTimes?: string | Uint8Array;
}

/**
 * Loads a stimulus movie and spike times and bins the spikes per frame.
 *
 * @example
 * ```ts
 * import { loadRecording } from "@prevision/prevision/io";
 * const rec = loadRecording({ stimulus: "stim.npy", spikes: "spikes.npy", frameRate: 30 });
 * console.log(rec.movie.frames, rec.counts.length);
 * ```
 */
export function loadRecording(options: RecordingOptions): Recording {
  const stim = readNpy(options.stimulus);
  if (stim.shape.length !== 3 || stim.shape[1] !== stim.shape[2] || stim.shape[0] < 2) {
    throw new InputError(
      `stimulus must be [frames, size, size] with square frames, got [${stim.shape.join(", ")}]`,
    );
  }
  const [frames, size] = stim.shape;
  const raw = npyToFloat64(stim.data);
  const data = new Float32Array(raw.length);
  const isByte = stim.dtype === "uint8";
  for (let i = 0; i < raw.length; i++) {
    const v = isByte ? raw[i] / 255 - 0.5 : raw[i];
    if (!Number.isFinite(v)) throw new InputError(`stimulus value ${i} is not finite`);
    data[i] = v;
  }
  let onsets: Float64Array;
  if (options.frameTimes !== undefined) {
    const ft = readNpy(options.frameTimes);
    onsets = npyToFloat64(ft.data);
    if (ft.shape.length !== 1 || onsets.length !== frames) {
      throw new InputError(`frame times must be 1-D with ${frames} entries`);
    }
    for (let i = 1; i < frames; i++) {
      if (!(onsets[i] > onsets[i - 1])) throw new InputError("frame times must increase");
    }
  } else {
    const rate = options.frameRate;
    if (rate === undefined || !(rate > 0) || !Number.isFinite(rate)) {
      throw new InputError("give a positive frame rate or a frame-times file");
    }
    const t0 = options.t0 ?? 0;
    onsets = Float64Array.from({ length: frames }, (_, i) => t0 + i / rate);
  }
  const intervals = Array.from({ length: frames - 1 }, (_, i) => onsets[i + 1] - onsets[i])
    .sort((a, b) => a - b);
  const median = intervals[Math.floor(intervals.length / 2)];
  const end = onsets[frames - 1] + median;
  const sp = readNpy(options.spikes);
  const values = npyToFloat64(sp.data);
  let times: Float64Array;
  let cellIds: Float64Array | null = null;
  if (sp.shape.length === 1) times = values;
  else if (sp.shape.length === 2 && sp.shape[1] === 2) {
    times = Float64Array.from({ length: sp.shape[0] }, (_, i) => values[2 * i]);
    cellIds = Float64Array.from({ length: sp.shape[0] }, (_, i) => values[2 * i + 1]);
  } else {
    throw new InputError(`spikes must be [n] times or [n, 2] (time, cell), got [${sp.shape}]`);
  }
  let cells = 1;
  if (cellIds) {
    for (const c of cellIds) {
      if (!Number.isInteger(c) || c < 0 || c > 1e6) throw new InputError(`bad cell index ${c}`);
      cells = Math.max(cells, c + 1);
    }
  }
  const counts = Array.from({ length: cells }, () => new Float32Array(frames));
  let dropped = 0;
  for (let i = 0; i < times.length; i++) {
    const s = times[i];
    if (!Number.isFinite(s)) throw new InputError(`spike time ${i} is not finite`);
    if (s < onsets[0] || s >= end) {
      dropped++;
      continue;
    }
    let lo = 0;
    let hi = frames - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (onsets[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    counts[cellIds ? cellIds[i] : 0][lo]++;
  }
  return {
    movie: { data, frames, size },
    counts,
    frameRate: (frames - 1) / (onsets[frames - 1] - onsets[0]),
    dropped,
  };
}
