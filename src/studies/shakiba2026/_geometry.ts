/**
 * The D* of a shakiba2026 unit, two ways. `real`: distances of the somata after per-axis
 * min–max normalisation (what the paper describes). `authors`: what the authors' notebook
 * computes: it reads the (N, 3) positions with `reshape(3, -1)` (a transpose was meant), so
 * "axis" k is the k-th third of the flattened x0 y0 z0 x1 … list, and point i becomes
 * (flat[i], flat[N + i], flat[2N + i]) after min–max of each third: an index-interleaved
 * pseudo-geometry. Their positions are voxels, so a MICrONS field's µm are converted back
 * first (the thirds mix axes whose voxel sizes differ, so the units matter).
 */
import {
  type Connectome,
  distances,
  MICRONS_VOXEL_NM,
  spatialDistances,
} from "../../biology/connectome/mod.ts";

/** Which positions D* is built from (the config's `dstar`). */
export type DStarMode = "real" | "authors";

/**
 * The authors' pseudo-positions: `reshape(3, -1)` of the row-major (N, 3) array, each of the
 * three rows min–max normalised, then read as the x, y and z of N points (n×3 row-major).
 *
 * @example
 * ```ts
 * // Two points (0,0,0) and (1,2,3): the flat list 0 0 0 1 2 3 becomes rows [0 0], [0 1], [2 3]
 * authorsPseudoPositions([0, 0, 0, 1, 2, 3], 2); // points (0, 0, 0) and (0, 1, 1)
 * ```
 */
export function authorsPseudoPositions(flat: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * 3);
  for (let k = 0; k < 3; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, flat[k * n + i]);
      hi = Math.max(hi, flat[k * n + i]);
    }
    // numpy divides by zero here (NaN); a constant third is 0 so the matrix stays finite.
    for (let i = 0; i < n; i++) out[i * 3 + k] = hi > lo ? (flat[k * n + i] - lo) / (hi - lo) : 0;
  }
  return out;
}

/**
 * D* of a connectome: real positions, or the authors' pseudo-geometry (a field's µm turned
 * back into voxels first when `voxels` is true).
 *
 * @example
 * ```ts
 * import { syntheticConnectome } from "@prevision/prevision/biology";
 * const c = syntheticConnectome({ n: 12, seed: 1 });
 * dStarOf(c, "authors", false).length; // 144
 * ```
 */
export function dStarOf(c: Connectome, mode: DStarMode, voxels: boolean): Float64Array {
  if (mode === "real") return spatialDistances(c.positions, c.n);
  const raw = voxels
    ? c.positions.map((v, i) => (v * 1000) / MICRONS_VOXEL_NM[i % 3])
    : c.positions;
  return distances(authorsPseudoPositions(raw, c.n), c.n);
}

/**
 * Pearson correlation of two distance matrices over the pairs i < j (how much of the real
 * geometry the authors' D* keeps).
 *
 * @example
 * ```ts
 * distanceCorrelation([0, 1, 1, 0], [0, 2, 2, 0], 2); // NaN: one pair has no variance
 * ```
 */
export function distanceCorrelation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
): number {
  let m = 0, sa = 0, sb = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      sa += a[i * n + j];
      sb += b[i * n + j];
      m++;
    }
  }
  const ma = sa / m, mb = sb / m;
  let cab = 0, caa = 0, cbb = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j] - ma, y = b[i * n + j] - mb;
      cab += x * y;
      caa += x * x;
      cbb += y * y;
    }
  }
  return caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : NaN;
}
