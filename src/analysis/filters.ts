/**
 * Comparing learned filters with a circuit's ground truth: rank-1 (space × time) splits of
 * spatio-temporal filters, placement of a small conv kernel on the stimulus grid, and the
 * best one-to-one match of learned filters to true subunit masks, allowing a sign flip and
 * any permutation (Hungarian algorithm on |spatial correlation|).
 */
import { InputError } from "../util/errors.ts";
import { pearson } from "./metrics.ts";

/** A rank-1 approximation `M ≈ s · u vᵀ` of a `rows × cols` row-major matrix. */
export interface Rank1 {
  /** Left singular vector (rows entries, unit norm). */
  u: Float64Array;
  /** Right singular vector (cols entries, unit norm). */
  v: Float64Array;
  /** Singular value. */
  s: number;
  /** Fraction of the squared norm the rank-1 term captures. */
  explained: number;
}

/**
 * Leading singular triplet by power iteration (u and v unit norm; sign chosen so the
 * largest-magnitude entry of u is positive).
 *
 * @example
 * ```ts
 * import { rank1 } from "@prevision/prevision/analysis";
 * const { u, v } = rank1(Float64Array.from([1, 2, 2, 4]), 2, 2); // u ∝ [1, 2], v ∝ [1, 2]
 * ```
 */
export function rank1(matrix: ArrayLike<number>, rows: number, cols: number): Rank1 {
  if (matrix.length !== rows * cols) throw new InputError("rank1: matrix size mismatch");
  let v = new Float64Array(cols).fill(1 / Math.sqrt(cols));
  const u = new Float64Array(rows);
  let total = 0;
  for (let i = 0; i < matrix.length; i++) total += matrix[i] ** 2;
  let s = 0;
  for (let iter = 0; iter < 200; iter++) {
    for (let r = 0; r < rows; r++) {
      let acc = 0;
      for (let c = 0; c < cols; c++) acc += matrix[r * cols + c] * v[c];
      u[r] = acc;
    }
    const nu = Math.hypot(...u) || 1;
    for (let r = 0; r < rows; r++) u[r] /= nu;
    const next = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) next[c] += matrix[r * cols + c] * u[r];
    }
    s = Math.hypot(...next);
    for (let c = 0; c < cols; c++) next[c] /= s || 1;
    let change = 0;
    for (let c = 0; c < cols; c++) change += Math.abs(next[c] - v[c]);
    v = next;
    if (change < 1e-10) break;
  }
  let big = 0;
  for (let r = 0; r < rows; r++) if (Math.abs(u[r]) > Math.abs(u[big])) big = r;
  if (u[big] < 0) {
    for (let r = 0; r < rows; r++) u[r] = -u[r];
    for (let c = 0; c < cols; c++) v[c] = -v[c];
  }
  return { u, v, s, explained: total > 0 ? (s * s) / total : 0 };
}

/** Places a `kh × kw` kernel with its top-left corner at (oy, ox) on a `size²` grid. */
export function placeKernel(
  kernel: ArrayLike<number>,
  kh: number,
  kw: number,
  size: number,
  oy: number,
  ox: number,
): Float64Array {
  const out = new Float64Array(size * size);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      const gy = oy + y;
      const gx = ox + x;
      if (gy >= 0 && gy < size && gx >= 0 && gx < size) out[gy * size + gx] = kernel[y * kw + x];
    }
  }
  return out;
}

/**
 * Maximum-weight assignment of rows to distinct columns (rows ≤ columns) by the Hungarian
 * algorithm; returns the column of each row.
 */
export function bestAssignment(score: number[][]): number[] {
  const n = score.length;
  const m = score[0]?.length ?? 0;
  if (n === 0) return [];
  if (m < n) throw new InputError(`assignment: ${n} rows but only ${m} columns`);
  // Minimise cost = −score with the O(n²m) potentials method (1-indexed).
  const INF = Number.POSITIVE_INFINITY;
  const uPot = new Float64Array(n + 1);
  const vPot = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(INF);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = -score[i0 - 1][j - 1] - uPot[i0] - vPot[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          uPot[p[j]] += delta;
          vPot[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const result = new Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] > 0) result[p[j] - 1] = j - 1;
  return result;
}

/**
 * One true subunit's best learned match.
 *
 * @example
 * ```ts
 * import { matchFiltersToMasks, type SubunitMatch } from "@prevision/prevision/analysis";
 * const masks = [Float32Array.from([1, 0, 0, 0])];
 * const [m]: SubunitMatch[] = matchFiltersToMasks([[Float64Array.from([-1, 0, 0, 0])]], masks).matches;
 * console.log(m.correlation, m.sign); // 1 -1
 * ```
 */
export interface SubunitMatch {
  /** Index of the true subunit (mask). */
  subunit: number;
  /** Learned filter (channel) assigned to it. */
  filter: number;
  /** Placement index of that filter that matched best. */
  placement: number;
  /** |spatial correlation| (sign-free). */
  correlation: number;
  /** Sign of the correlation before taking |·|. */
  sign: 1 | -1;
}

/**
 * Matches true subunit masks to learned filters. `candidates[f][j]` is learned filter f's
 * spatial profile on the stimulus grid at placement j (e.g. each conv output position).
 * Each mask gets a distinct filter when there are at least as many filters as masks
 * (otherwise filters may be reused); the score is the mean |correlation|.
 *
 * @example
 * ```ts
 * import { matchFiltersToMasks } from "@prevision/prevision/analysis";
 * const masks = [Float32Array.from([1, 0, 0, 0]), Float32Array.from([0, 0, 0, 1])];
 * const learned = [[Float64Array.from([0, 0, 0, -2])], [Float64Array.from([3, 0, 0.1, 0])]];
 * matchFiltersToMasks(learned, masks).score; // ≈ 1 (filter 1 ↔ mask 0, filter 0 ↔ mask 1)
 * ```
 */
export function matchFiltersToMasks(
  candidates: ArrayLike<number>[][],
  masks: ArrayLike<number>[],
): { score: number; matches: SubunitMatch[] } {
  if (candidates.length === 0 || masks.length === 0) {
    throw new InputError("filter matching needs at least one filter and one mask");
  }
  const best: { corr: number; placement: number }[][] = masks.map((mask) =>
    candidates.map((placements) => {
      let top = { corr: 0, placement: 0 };
      placements.forEach((spatial, j) => {
        const c = pearson(spatial, mask);
        if (Math.abs(c) > Math.abs(top.corr)) top = { corr: c, placement: j };
      });
      return top;
    })
  );
  const score = best.map((row) => row.map((x) => Math.abs(x.corr)));
  const assignment = masks.length <= candidates.length
    ? bestAssignment(score)
    : score.map((row) => row.indexOf(Math.max(...row)));
  const matches = assignment.map((f, s): SubunitMatch => ({
    subunit: s,
    filter: f,
    placement: best[s][f].placement,
    correlation: Math.abs(best[s][f].corr),
    sign: best[s][f].corr < 0 ? -1 : 1,
  }));
  return { score: matches.reduce((a, m) => a + m.correlation, 0) / matches.length, matches };
}
