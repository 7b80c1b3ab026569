/**
 * The movie layout that receptive-field estimation (STA, LN models) and the RGC CNN read:
 * frames of square images, flattened. It lives with the stimuli because it is what they
 * produce (white noise, natural movies) and what the models and the analysis both consume.
 *
 * @module
 */

/**
 * A movie in `[frames, pixels]` layout (pixels = size²).
 *
 * @example
 * ```ts
 * import { binaryCheckerboard, type FlatMovie } from "@prevision/prevision/stimuli";
 * const movie: FlatMovie = binaryCheckerboard({ frames: 100 }); // any [frames, size, size] movie
 * ```
 */
export interface FlatMovie {
  /** Pixel values, `data[(t · size + y) · size + x]`. */
  data: Float32Array;
  /** Number of frames. */
  frames: number;
  /** Pixels per side (frames are square). */
  size: number;
}
