/**
 * Subunit layouts: where on the stimulus grid each bipolar-cell subunit pools, and with
 * what weight. Masks are `size × size` row-major arrays of spatial weights.
 */
import { InputError } from "../../util/errors.ts";

/**
 * One bipolar-cell subunit.
 *
 * @example
 * ```ts
 * import { blockLayout, type Subunit } from "@prevision/prevision/biology";
 * const [first]: Subunit[] = blockLayout();
 * console.log(first.polarity, first.weight); // "off" 1
 * ```
 */
export interface Subunit {
  /** Spatial weights over the stimulus grid, `mask[y * size + x]`. */
  mask: Float32Array;
  /** Weight with which the ganglion cell pools this subunit's rectified output. */
  weight: number;
  /** Sign of the subunit's temporal filter. */
  polarity: "on" | "off";
}

/**
 * Options of {@link blockLayout}.
 *
 * @example
 * ```ts
 * import { blockLayout, type BlockLayoutOptions } from "@prevision/prevision/biology";
 * const threeByThree: BlockLayoutOptions = { grid: [3, 3], polarity: "on" };
 * blockLayout(threeByThree); // nine ON subunits over the central 6×6
 * ```
 */
export interface BlockLayoutOptions {
  /** Stimulus pixels per side (default 8). */
  size?: number;
  /** Top-left pixel of the subunit grid (default centres the grid). */
  origin?: [number, number];
  /** Subunit block size in pixels [height, width] (default [2, 2]). */
  block?: [number, number];
  /** Subunits per column and per row (default [2, 2]). */
  grid?: [number, number];
  /** Pooling weights, one per subunit in row-major order (default all 1). */
  weights?: number[];
  /** Polarity of every subunit (default "off"). */
  polarity?: "on" | "off";
}

/**
 * Rectangular blocks of pixels tiling a grid: the paper's default is four 2×2 quadrants of
 * the central 4×4 region of an 8×8 checkerboard, OFF, equal weights.
 *
 * @example
 * ```ts
 * import { blockLayout } from "@prevision/prevision/biology";
 * const quadrants = blockLayout(); // 4 subunits, pixels (2..3, 2..3), (2..3, 4..5), …
 * const stripes = blockLayout({ block: [4, 1], grid: [1, 4] }); // 4 vertical bars
 * ```
 */
export function blockLayout(options: BlockLayoutOptions = {}): Subunit[] {
  const size = options.size ?? 8;
  const [bh, bw] = options.block ?? [2, 2];
  const [gr, gc] = options.grid ?? [2, 2];
  const origin = options.origin ??
    [Math.floor((size - bh * gr) / 2), Math.floor((size - bw * gc) / 2)];
  const count = gr * gc;
  const weights = options.weights ?? new Array(count).fill(1);
  if (weights.length !== count) {
    throw new InputError(`layout: ${count} subunits but ${weights.length} weights`);
  }
  if (
    [bh, bw, gr, gc].some((v) => !Number.isInteger(v) || v < 1) ||
    origin[0] < 0 || origin[1] < 0 || origin[0] + bh * gr > size || origin[1] + bw * gc > size
  ) {
    throw new InputError(`layout: a ${gr}×${gc} grid of ${bh}×${bw} blocks does not fit ${size}²`);
  }
  const subunits: Subunit[] = [];
  for (let r = 0; r < gr; r++) {
    for (let c = 0; c < gc; c++) {
      const mask = new Float32Array(size * size);
      for (let y = 0; y < bh; y++) {
        for (let x = 0; x < bw; x++) {
          mask[(origin[0] + r * bh + y) * size + origin[1] + c * bw + x] = 1;
        }
      }
      subunits.push({ mask, weight: weights[r * gc + c], polarity: options.polarity ?? "off" });
    }
  }
  return subunits;
}

/** Checks that every mask has `size²` finite entries. */
export function checkLayout(subunits: Subunit[], size: number): void {
  if (subunits.length === 0) throw new InputError("an RGC needs at least one subunit");
  for (const [i, s] of subunits.entries()) {
    if (s.mask.length !== size * size) {
      throw new InputError(`subunit ${i}: mask has ${s.mask.length} values, expected ${size}²`);
    }
    if (!Number.isFinite(s.weight) || !s.mask.every(Number.isFinite)) {
      throw new InputError(`subunit ${i}: weights must be finite`);
    }
  }
}
