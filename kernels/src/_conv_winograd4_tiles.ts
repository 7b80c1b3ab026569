// The register tile of the F(4×4, 3×3) conv GEMM M = V·U (see _conv_winograd4.ts) over the
// tile-major scratch layout, in which one tile's 36 transformed values of 4 channels fill
// GROUP contiguous bytes, and the tile of its filter gradient.
import { madd } from "./_simd_math";
import { GROUP } from "./_conv_shared";

// M[t][e][j…j+7] = Σ_ci V[t][e][ci]·U[e][ci][j…j+7] for MR tiles (rows `aStep` apart in
// v, `oStep` in m) and one value e: the register tile of `conv` (MR × 8, 12 f32x4
// accumulators at most), walking the input channels a group of 4 at a time: one load
// brings a tile's 4 channels, and shuffles broadcast each (fewer bounds-checked loads
// than a broadcast load per channel: 14 instead of 32 per group of 6 tiles, measured 5 %
// faster). `b` is the [cin, 8] weight panel; the two halves of the 8 outputs are GROUP
// bytes apart.
// @ts-ignore: decorator
@inline export function gemmTile(
  MR: i32,
  a: usize,
  aStep: usize,
  groups: i32,
  b: usize,
  o: usize,
  oStep: usize,
): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
  let c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
  let bp = b;
  const end = <usize> groups * GROUP;
  for (let g: usize = 0; g < end; g += GROUP) {
    const p = a + g;
    const a0 = v128.load(p), a1 = MR > 1 ? v128.load(p + aStep) : z;
    const a2 = MR > 2 ? v128.load(p + 2 * aStep) : z, a3 = MR > 3 ? v128.load(p + 3 * aStep) : z;
    const a4 = MR > 4 ? v128.load(p + 4 * aStep) : z, a5 = MR > 5 ? v128.load(p + 5 * aStep) : z;
    { // input channel 0 of the group
      const b0 = v128.load(bp, 0), b1 = v128.load(bp, 16);
      let s = v128.shuffle<f32>(a0, a0, 0, 0, 0, 0);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.shuffle<f32>(a1, a1, 0, 0, 0, 0);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.shuffle<f32>(a2, a2, 0, 0, 0, 0);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.shuffle<f32>(a3, a3, 0, 0, 0, 0);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.shuffle<f32>(a4, a4, 0, 0, 0, 0);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.shuffle<f32>(a5, a5, 0, 0, 0, 0);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    { // input channel 1 of the group
      const b0 = v128.load(bp, 32), b1 = v128.load(bp, 48);
      let s = v128.shuffle<f32>(a0, a0, 1, 1, 1, 1);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.shuffle<f32>(a1, a1, 1, 1, 1, 1);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.shuffle<f32>(a2, a2, 1, 1, 1, 1);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.shuffle<f32>(a3, a3, 1, 1, 1, 1);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.shuffle<f32>(a4, a4, 1, 1, 1, 1);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.shuffle<f32>(a5, a5, 1, 1, 1, 1);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    { // input channel 2 of the group
      const b0 = v128.load(bp, 64), b1 = v128.load(bp, 80);
      let s = v128.shuffle<f32>(a0, a0, 2, 2, 2, 2);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.shuffle<f32>(a1, a1, 2, 2, 2, 2);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.shuffle<f32>(a2, a2, 2, 2, 2, 2);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.shuffle<f32>(a3, a3, 2, 2, 2, 2);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.shuffle<f32>(a4, a4, 2, 2, 2, 2);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.shuffle<f32>(a5, a5, 2, 2, 2, 2);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    { // input channel 3 of the group
      const b0 = v128.load(bp, 96), b1 = v128.load(bp, 112);
      let s = v128.shuffle<f32>(a0, a0, 3, 3, 3, 3);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.shuffle<f32>(a1, a1, 3, 3, 3, 3);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.shuffle<f32>(a2, a2, 3, 3, 3, 3);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.shuffle<f32>(a3, a3, 3, 3, 3, 3);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.shuffle<f32>(a4, a4, 3, 3, 3, 3);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.shuffle<f32>(a5, a5, 3, 3, 3, 3);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    bp += 128;
  }
  v128.store(o, c00);
  v128.store(o + GROUP, c01);
  if (MR > 1) {
    v128.store(o + 1 * oStep, c10);
    v128.store(o + 1 * oStep + GROUP, c11);
  }
  if (MR > 2) {
    v128.store(o + 2 * oStep, c20);
    v128.store(o + 2 * oStep + GROUP, c21);
  }
  if (MR > 3) {
    v128.store(o + 3 * oStep, c30);
    v128.store(o + 3 * oStep + GROUP, c31);
  }
  if (MR > 4) {
    v128.store(o + 4 * oStep, c40);
    v128.store(o + 4 * oStep + GROUP, c41);
  }
  if (MR > 5) {
    v128.store(o + 5 * oStep, c50);
    v128.store(o + 5 * oStep + GROUP, c51);
  }
}

// dU[ci…ci+3][co…co+7] += Σ_t V[t][e][ci…ci+3] ⊗ Q[t][e][co…co+7] over `count` tiles
// (`aStep`, `qStep` bytes apart): the filter-gradient tile of `winograd4FilterGrad`, 8
// accumulators, the 4 rows of dU `dwRow` bytes apart. As in `gemmTile`, one load brings a
// tile's 4 input channels and shuffles broadcast each: 3 loads per 8 multiply-adds instead
// of 8 per 12 with 6-channel blocks of broadcast loads (measured 13 % faster).
// @ts-ignore: decorator
@inline export function fgGroup(
  a: usize,
  aStep: usize,
  q: usize,
  qStep: usize,
  count: i32,
  dw: usize,
  dwRow: usize,
): void {
  const d1 = dw + dwRow, d2 = d1 + dwRow, d3 = d2 + dwRow;
  let c00 = v128.load(dw), c01 = v128.load(dw, 16), c10 = v128.load(d1), c11 = v128.load(d1, 16);
  let c20 = v128.load(d2), c21 = v128.load(d2, 16), c30 = v128.load(d3), c31 = v128.load(d3, 16);
  let ap = a, qp = q;
  for (let t = 0; t < count; t++) {
    const g0 = v128.load(qp), g1 = v128.load(qp, GROUP), v = v128.load(ap);
    let s = v128.shuffle<f32>(v, v, 0, 0, 0, 0);
    c00 = madd(s, g0, c00);
    c01 = madd(s, g1, c01);
    s = v128.shuffle<f32>(v, v, 1, 1, 1, 1);
    c10 = madd(s, g0, c10);
    c11 = madd(s, g1, c11);
    s = v128.shuffle<f32>(v, v, 2, 2, 2, 2);
    c20 = madd(s, g0, c20);
    c21 = madd(s, g1, c21);
    s = v128.shuffle<f32>(v, v, 3, 3, 3, 3);
    c30 = madd(s, g0, c30);
    c31 = madd(s, g1, c31);
    ap += aStep;
    qp += qStep;
  }
  v128.store(dw, c00);
  v128.store(dw, c01, 16);
  v128.store(d1, c10);
  v128.store(d1, c11, 16);
  v128.store(d2, c20);
  v128.store(d2, c21, 16);
  v128.store(d3, c30);
  v128.store(d3, c31, 16);
}
