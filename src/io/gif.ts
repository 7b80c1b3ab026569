/**
 * In-memory animated grey GIF (the encoder and palette of src/io/frame_writer.ts, which
 * streams GIFs to files): for figures that a caller returns as bytes instead of writing.
 *
 * @module
 */
// deno-lint-ignore no-import-prefix -- mod.ts must import from a URL without an import map
import gifenc from "npm:gifenc@1.0.3";
import { InputError } from "../util/errors.ts";

const GREY = Array.from({ length: 256 }, (_, i) => [i, i, i]);

/** Options of {@link encodeGreyGif}. */
export interface GreyGifOptions {
  /** Frame rate (default 10). */
  fps?: number;
  /** Value range mapped to black..white (default [0, 1]). */
  range?: [number, number];
}

/**
 * Encodes `frames` grey frames of `height` × `width` values as an animated GIF that loops.
 *
 * @example
 * ```ts
 * import { encodeGreyGif } from "@prevision/prevision/io";
 * const bytes = encodeGreyGif(new Float32Array(2 * 4 * 4).fill(0.5), 2, 4, 4, { fps: 4 });
 * new TextDecoder().decode(bytes.slice(0, 6)); // "GIF89a"
 * ```
 */
export function encodeGreyGif(
  data: ArrayLike<number>,
  frames: number,
  height: number,
  width: number,
  options: GreyGifOptions = {},
): Uint8Array {
  const per = height * width;
  if (!(frames >= 1) || data.length < frames * per) {
    throw new InputError(`gif: expected ${frames} frames of ${height}×${width} values`);
  }
  const fps = options.fps ?? 10;
  if (!(fps > 0)) throw new InputError(`fps must be > 0, got ${fps}`);
  const [lo, hi] = options.range ?? [0, 1];
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const encoder = gifenc.GIFEncoder();
  const index = new Uint8Array(per);
  for (let f = 0; f < frames; f++) {
    for (let p = 0; p < per; p++) {
      const v = (data[f * per + p] - lo) * scale;
      index[p] = v > 255 ? 255 : v > 0 ? Math.round(v) : 0;
    }
    encoder.writeFrame(index, width, height, { palette: GREY, delay: 1000 / fps, repeat: 0 });
  }
  encoder.finish();
  return encoder.bytes();
}
