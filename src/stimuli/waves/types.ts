/**
 * What every retinal-wave model produces: binary (or graded) frames on a square grid plus
 * one record per wave, so that datasets can be split by wave and statistics computed.
 */

/** One wave: where and when it started, its direction and how many cells it recruited. */
export interface WaveEvent {
  /** Index of the wave in the recording (0, 1, …). */
  id: number;
  /** Initiation cell as [row, col] on the output grid. */
  start: [number, number];
  /**
   * Propagation direction in radians, measured from the +col axis towards +row
   * (image coordinates); NaN when a model has no imposed direction.
   */
  direction: number;
  /** First frame showing the wave. */
  startFrame: number;
  /** Last frame showing the wave (inclusive); -1 while the wave is still running. */
  endFrame: number;
  /** Number of cells recruited (each counted once per wave). */
  cells: number;
}

/** A finished simulation held in memory. */
export interface WaveMovie {
  /** Grid side: frames are size × size. */
  size: number;
  /** Number of frames. */
  frames: number;
  /** frames·size·size values, row-major per frame, 0 or 1. */
  data: Uint8Array;
  /** Waves that started in the recording (the last one may be cut off: endFrame −1). */
  waves: WaveEvent[];
}

/** Which implementation runs the inner loop. */
export type WaveEngine = "wasm" | "ts";

/**
 * A frame-by-frame simulation. `read(out, n)` writes the next n frames (size·size each,
 * values 0/1) into `out`; `waves` lists the waves seen so far. Memory use does not grow
 * with the number of frames read (beyond the small per-wave records).
 */
export interface WaveStream {
  /** Frame side in pixels. */
  readonly size: number;
  /** Frames produced so far. */
  readonly frame: number;
  /** Seconds of simulated time per frame. */
  readonly secondsPerFrame: number;
  /** Retina covered by one output pixel, in µm. */
  readonly micronsPerPixel: number;
  /** Waves started so far (the running one has endFrame −1). */
  readonly waves: WaveEvent[];
  /** Writes the next `frames` frames into `out` (length ≥ frames·size·size). */
  read(out: Uint8Array, frames: number): void;
  /**
   * Advances between 1 and `maxFrames` frames and returns them without copying (a view of
   * the engine's buffer, valid until the next call): the fastest way to stream to disk.
   */
  readView(maxFrames: number): Uint8Array;
}
