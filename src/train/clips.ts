/**
 * Clip datasets for next-frame prediction: a movie (frames × h × w in [0, 1]) cut into
 * samples of `frames + 1` consecutive frames — `frames` inputs and the next frame as the
 * target. Batches are assembled on demand, so the dataset holds only the movie.
 */
import { InputError } from "../util/errors.ts";

/** A dataset of clips the trainer can draw batches from. */
export interface ClipData {
  /** Number of samples. */
  readonly count: number;
  /** Input frames per sample. */
  readonly frames: number;
  /** Frame height. */
  readonly height: number;
  /** Frame width. */
  readonly width: number;
  /** Inputs [n, frames, h, w, 1] and targets [n, h, w, 1] of the samples `indices`. */
  batch(indices: readonly number[]): { x: Float32Array; y: Float32Array };
}

/** Clips whose windows start at the given frame offsets of one movie. */
export class MovieClips implements ClipData {
  readonly count: number;

  /**
   * Clips of `frames` inputs + 1 target frame starting at `starts` in `movie` (frames × height × width, row-major).
   */
  constructor(
    readonly movie: Float32Array,
    readonly height: number,
    readonly width: number,
    readonly frames: number,
    readonly starts: readonly number[],
  ) {
    const total = movie.length / (height * width);
    if (!Number.isInteger(total)) throw new InputError("movie length is not frames × h × w");
    for (const s of starts) {
      if (s < 0 || s + frames + 1 > total) {
        throw new InputError(`clip at frame ${s} runs past the movie's ${total} frames`);
      }
    }
    this.count = starts.length;
  }

  batch(indices: readonly number[]): { x: Float32Array; y: Float32Array } {
    const n = this.height * this.width;
    const x = new Float32Array(indices.length * this.frames * n);
    const y = new Float32Array(indices.length * n);
    indices.forEach((index, b) => {
      const start = this.starts[index] * n;
      x.set(this.movie.subarray(start, start + this.frames * n), b * this.frames * n);
      y.set(
        this.movie.subarray(start + this.frames * n, start + (this.frames + 1) * n),
        b * n,
      );
    });
    return { x, y };
  }

  /** A dataset of a subset of these clips. */
  subset(indices: readonly number[]): MovieClips {
    return new MovieClips(
      this.movie,
      this.height,
      this.width,
      this.frames,
      indices.map((i) => this.starts[i]),
    );
  }
}

/**
 * Non-overlapping clip windows of `frames + 1` frames over a movie of `total` frames
 * (offsets 0, frames+1, 2(frames+1), …).
 *
 * @example
 * ```ts
 * import { clipStarts } from "@prevision/prevision/train";
 * clipStarts(25, 4); // [0, 5, 10, 15, 20]
 * ```
 */
export function clipStarts(total: number, frames: number): number[] {
  const out: number[] = [];
  for (let s = 0; s + frames + 1 <= total; s += frames + 1) out.push(s);
  return out;
}

/**
 * Non-overlapping clip windows of `frames + 1` frames that lie inside single events (e.g.
 * retinal waves, each `[startFrame, endFrame]` inclusive): no clip straddles two events or
 * the gap between them, as when each wave is simulated and saved on its own (May et al.
 * 2025). Events shorter than a clip give no clip; unfinished events (`endFrame < 0`) none.
 *
 * @example
 * ```ts
 * import { clipStartsWithin } from "@prevision/prevision/train";
 * clipStartsWithin([{ startFrame: 0, endFrame: 11 }, { startFrame: 12, endFrame: 14 }], 4);
 * // [0, 5]
 * ```
 */
export function clipStartsWithin(
  events: readonly { startFrame: number; endFrame: number }[],
  frames: number,
): number[] {
  const out: number[] = [];
  for (const e of events) {
    if (e.endFrame < 0) continue;
    for (let s = e.startFrame; s + frames <= e.endFrame; s += frames + 1) out.push(s);
  }
  return out;
}
