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
 * for F2; for F4, enough tile rows for about 16 tiles in the conv and 32 in the filter
 * gradient (as rowsPerUnit in kernels/src/_conv_winograd4.ts).
 */
export function unitTiles(v: WinogradVariant, h: number, w: number, filterGrad = false): number {
  if (v.m === 2) return w / 2;
  const tilesX = w / 4, tiles = filterGrad ? 32 : 16;
  return Math.min(h / 4, Math.max(1, Math.ceil(tiles / tilesX))) * tilesX;
}

/** Floats of scratch one thread needs (its two transform buffers for one unit). */
export function scratchFloats(
  v: WinogradVariant,
  h: number,
  w: number,
  cin: number,
  cout: number,
  filterGrad = false,
): number {
  return domainSize(v) * unitTiles(v, h, w, filterGrad) * (cin + cout);
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
  const a = v.alpha, G = Float64Array.from(v.g.flat()); // G[r][c] at 3r + c
  const g = new Float64Array(9), gg = new Float64Array(3 * a);
  const base = at / 4, panels = outC / 8;
  for (let i = 0; i < inC; i++) {
    for (let o = 0; o < outC; o++) {
      for (let t = 0; t < 9; t++) {
        g[t] = flip ? w[(8 - t) * cin * cout + o * cout + i] : w[t * cin * cout + i * cout + o];
      }
      for (let r = 0; r < a; r++) { // G g: α rows × 3 columns
        const g0 = G[3 * r], g1 = G[3 * r + 1], g2 = G[3 * r + 2];
        gg[3 * r] = g0 * g[0] + g1 * g[3] + g2 * g[6];
        gg[3 * r + 1] = g0 * g[1] + g1 * g[4] + g2 * g[7];
        gg[3 * r + 2] = g0 * g[2] + g1 * g[5] + g2 * g[8];
      }
      // (G g) Gᵀ, value e = α·r + q at [e, o/8, i, o%8]
      const col = (Math.floor(o / 8) * inC + i) * 8 + (o % 8);
      for (let r = 0; r < a; r++) {
        const x0 = gg[3 * r], x1 = gg[3 * r + 1], x2 = gg[3 * r + 2];
        for (let q = 0; q < a; q++) {
          const e = a * r + q;
          heap[base + e * panels * inC * 8 + col] = x0 * G[3 * q] + x1 * G[3 * q + 1] +
            x2 * G[3 * q + 2];
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
  const a = v.alpha, G = Float64Array.from(v.g.flat()); // G[r][c] at 3r + c
  const cc = cin * cout, m = new Float64Array(a * a), t = new Float64Array(3 * a);
  for (let i = 0; i < cc; i++) {
    for (let e = 0; e < a * a; e++) m[e] = du[e * cc + i];
    for (let j = 0; j < a; j++) { // Gᵀ dU: 3 × α
      let s0 = 0, s1 = 0, s2 = 0;
      for (let r = 0; r < a; r++) {
        const x = m[a * r + j];
        s0 += G[3 * r] * x;
        s1 += G[3 * r + 1] * x;
        s2 += G[3 * r + 2] * x;
      }
      t[j] = s0;
      t[a + j] = s1;
      t[2 * a + j] = s2;
    }
    for (let p = 0; p < 3; p++) { // (Gᵀ dU) G: 3 × 3
      let s0 = 0, s1 = 0, s2 = 0;
      for (let j = 0; j < a; j++) {
        const x = t[a * p + j];
        s0 += x * G[3 * j];
        s1 += x * G[3 * j + 1];
        s2 += x * G[3 * j + 2];
      }
      dw[3 * p * cc + i] = s0;
      dw[(3 * p + 1) * cc + i] = s1;
      dw[(3 * p + 2) * cc + i] = s2;
    }
  }
}
