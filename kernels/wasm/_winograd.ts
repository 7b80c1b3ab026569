/**
 * The two Winograd variants of our 3×3 convolution (kernels/src/_conv_winograd*.ts): their
 * filter transform U = G w Gᵀ, packed for the kernels, the map of a Winograd-domain
 * filter gradient back to dw = Gᵀ dU G, and the per-thread scratch they need. Done here
 * in float64, once per kernel call (cin·cout filters).
 *
 * @module
 */

/** One variant: F(m×m, 3×3) with α = m + 2 points per side, its job names and G (α×3). */
export interface WinogradVariant {
  m: 2 | 4;
  alpha: 4 | 6;
  conv: "winograd" | "winograd4";
  filterGrad: "winogradFilterGrad" | "winograd4FilterGrad";
  g: readonly (readonly number[])[];
}

/** F(2×2, 3×3): 16 multiplies per 2×2 tile and channel pair (direct: 36). */
export const F2: WinogradVariant = {
  m: 2,
  alpha: 4,
  conv: "winograd",
  filterGrad: "winogradFilterGrad",
  g: [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]],
};

/** F(4×4, 3×3), points 0, ±1, ±2 (Lavin & Gray 2016): 36 multiplies per 4×4 tile (144). */
export const F4: WinogradVariant = {
  m: 4,
  alpha: 6,
  conv: "winograd4",
  filterGrad: "winograd4FilterGrad",
  g: [
    [1 / 4, 0, 0],
    [-1 / 6, -1 / 6, -1 / 6],
    [-1 / 6, 1 / 6, -1 / 6],
    [1 / 24, 1 / 12, 1 / 6],
    [1 / 24, -1 / 12, 1 / 6],
    [0, 0, 1],
  ],
};

/** Transform values per tile and channel pair (α²). */
export function domainSize(v: WinogradVariant): number {
  return v.alpha * v.alpha;
}

/**
 * Tiles the kernel transforms at once (one unit of work) for an h×w image: one tile row
 * for F2; for F4, enough tile rows for about 16 tiles (as winograd4Tiles in the kernel).
 */
export function unitTiles(v: WinogradVariant, h: number, w: number): number {
  if (v.m === 2) return w / 2;
  const tilesX = w / 4;
  return Math.min(h / 4, Math.max(1, Math.ceil(16 / tilesX))) * tilesX;
}

/** Floats of scratch one thread needs (its V and M buffers for one unit). */
export function scratchFloats(v: WinogradVariant, h: number, w: number, cin: number, cout: number) {
  return domainSize(v) * unitTiles(v, h, w) * (cin + cout);
}

/**
 * U = G w Gᵀ of a 3×3 filter w [3, 3, cin, cout] (or, with `flip`, of its input-gradient
 * filter: spatially flipped, in/out swapped, as packFilter does), packed for the kernel as
 * [α², outC/8, inC, 8].
 */
export function packWinogradFilter(
  v: WinogradVariant,
  heap: Float32Array,
  at: number,
  w: Float32Array,
  cin: number,
  cout: number,
  flip = false,
): void {
  const [inC, outC] = flip ? [cout, cin] : [cin, cout];
  const a = v.alpha, G = v.g;
  const g = new Float64Array(9), gg = new Float64Array(3 * a);
  const base = at / 4;
  for (let i = 0; i < inC; i++) {
    for (let o = 0; o < outC; o++) {
      for (let t = 0; t < 9; t++) {
        g[t] = flip ? w[(8 - t) * cin * cout + o * cout + i] : w[t * cin * cout + i * cout + o];
      }
      for (let r = 0; r < a; r++) { // G g: α rows × 3 columns
        for (let c = 0; c < 3; c++) {
          gg[3 * r + c] = G[r][0] * g[c] + G[r][1] * g[3 + c] + G[r][2] * g[6 + c];
        }
      }
      for (let r = 0; r < a; r++) { // (G g) Gᵀ
        for (let q = 0; q < a; q++) {
          const u = gg[3 * r] * G[q][0] + gg[3 * r + 1] * G[q][1] + gg[3 * r + 2] * G[q][2];
          const e = a * r + q;
          heap[base + ((e * (outC / 8) + Math.floor(o / 8)) * inC + i) * 8 + (o % 8)] = u;
        }
      }
    }
  }
}

/** dw = Gᵀ dU G for every (ci, co): dU [α², cin, cout] → dw [3, 3, cin, cout]. */
export function winogradFilterBack(
  v: WinogradVariant,
  du: Float32Array,
  cin: number,
  cout: number,
  dw: Float32Array,
): void {
  const a = v.alpha, G = v.g;
  const cc = cin * cout, m = new Float64Array(a * a), t = new Float64Array(3 * a);
  for (let i = 0; i < cc; i++) {
    for (let e = 0; e < a * a; e++) m[e] = du[e * cc + i];
    for (let p = 0; p < 3; p++) { // Gᵀ dU: 3 × α
      for (let j = 0; j < a; j++) {
        let s = 0;
        for (let r = 0; r < a; r++) s += G[r][p] * m[a * r + j];
        t[a * p + j] = s;
      }
    }
    for (let p = 0; p < 3; p++) { // (Gᵀ dU) G: 3 × 3
      for (let q = 0; q < 3; q++) {
        let s = 0;
        for (let j = 0; j < a; j++) s += t[a * p + j] * G[j][q];
        dw[(3 * p + q) * cc + i] = s;
      }
    }
  }
}
