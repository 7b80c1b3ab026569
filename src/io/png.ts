/**
 * PNG writers for frames and frame grids (via the `fast-png` encoder): grey 8-bit images
 * from float data in [0, 1] (clipped) or 0/1 wave frames.
 */
// deno-lint-ignore no-import-prefix -- mod.ts must import from a URL without an import map
import { encode } from "npm:fast-png@8.0.0";
import { ensure } from "../util/errors.ts";
import { writeFileAtomic } from "../util/atomic.ts";

/** Converts values in [lo, hi] to 8-bit grey (clipped; NaN → 0). */
export function toGrey8(data: ArrayLike<number>, lo = 0, hi = 1): Uint8Array {
  const out = new Uint8Array(data.length);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < data.length; i++) {
    const v = (data[i] - lo) * scale;
    out[i] = v > 255 ? 255 : v > 0 ? Math.round(v) : 0;
  }
  return out;
}

/**
 * Encodes one grey image (height×width values in [lo, hi]) as PNG bytes.
 *
 * @example
 * ```ts
 * import { encodePng } from "@prevision/prevision/io";
 * const bytes = encodePng(new Float32Array(16 * 16).fill(0.5), 16, 16);
 * ```
 */
export function encodePng(
  pixels: ArrayLike<number>,
  height: number,
  width: number,
  range: [number, number] = [0, 1],
): Uint8Array {
  ensure(
    pixels.length === height * width,
    `png: expected ${height * width} values, got ${pixels.length}`,
  );
  return encode({
    width,
    height,
    data: toGrey8(pixels, range[0], range[1]),
    channels: 1,
    depth: 8,
  });
}

/** Options of {@link frameGrid}. */
export interface GridOptions {
  /** Frames per row of the grid (default: ceil(sqrt(n))). */
  columns?: number;
  /** Pixels of separation between tiles (default 1). */
  gap?: number;
  /** Value of the gap pixels (default 1: white). */
  gapValue?: number;
  /** Integer magnification of each pixel (default 1). */
  scale?: number;
}

/**
 * Tiles frames into one image: returns the pixels and their size.
 *
 * @example
 * ```ts
 * import { frameGrid } from "@prevision/prevision/io";
 * const grid = frameGrid(new Uint8Array(4 * 8 * 8), 4, 8, 8, { columns: 2 });
 * console.log(grid.height, grid.width); // 17 17
 * ```
 */
export function frameGrid(
  data: ArrayLike<number>,
  frames: number,
  height: number,
  width: number,
  options: GridOptions = {},
): { pixels: Float32Array; height: number; width: number } {
  ensure(
    frames > 0 && data.length >= frames * height * width,
    `grid: need ${frames} frames of ${height}×${width}`,
  );
  const cols = options.columns ?? Math.ceil(Math.sqrt(frames));
  const rows = Math.ceil(frames / cols);
  const gap = options.gap ?? 1, scale = options.scale ?? 1;
  const th = height * scale, tw = width * scale;
  const H = rows * th + (rows - 1) * gap, W = cols * tw + (cols - 1) * gap;
  const pixels = new Float32Array(H * W).fill(options.gapValue ?? 1);
  for (let f = 0; f < frames; f++) {
    const oy = Math.floor(f / cols) * (th + gap), ox = (f % cols) * (tw + gap);
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const v = data[f * height * width + Math.floor(y / scale) * width + Math.floor(x / scale)];
        pixels[(oy + y) * W + ox + x] = v;
      }
    }
  }
  return { pixels, height: H, width: W };
}

/**
 * Writes frames as one PNG grid (atomically).
 *
 * @example
 * ```ts
 * import { writePngGrid } from "@prevision/prevision/io";
 * await writePngGrid("runs/grid.png", new Float32Array(4 * 8 * 8), 4, 8, 8, { scale: 4 });
 * ```
 */
export async function writePngGrid(
  path: string,
  data: ArrayLike<number>,
  frames: number,
  height: number,
  width: number,
  options: GridOptions & { range?: [number, number] } = {},
): Promise<void> {
  const grid = frameGrid(data, frames, height, width, options);
  await writeFileAtomic(path, encodePng(grid.pixels, grid.height, grid.width, options.range));
}
