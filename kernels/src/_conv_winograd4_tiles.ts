// The register tile of the F(4×4, 3×3) conv GEMM M = V·U (see _conv_winograd4.ts) over the
// tile-major scratch layout, in which one tile's 36 transformed values of 4 channels fill
// GROUP contiguous bytes. (Its filter gradient uses `fgBlock` of _conv_shared.ts.)
import { madd } from "./_simd_math";
import { GROUP } from "./_conv_shared";

// M[t][e][j…j+7] = Σ_ci V[t][e][ci]·U[e][ci][j…j+7] for MR tiles (rows `aStep` apart in
// v, `oStep` in m) and one value e: the register tile of `conv` (MR × 8, 12 f32x4
// accumulators at most), walking the input channels a group of 4 at a time. `b` is the
// [cin, 8] weight panel; the two halves of the 8 outputs are GROUP bytes apart.
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
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const a1 = a + aStep, a2 = a1 + aStep, a3 = a2 + aStep, a4 = a3 + aStep, a5 = a4 + aStep;
  let bp = b;
  const end = <usize> groups * GROUP;
  // The 4 channels of a group unrolled, with constant offsets: 10 % faster than a loop
  // over them (measured), as V8 then needs no address arithmetic per load.
  for (let g: usize = 0; g < end; g += GROUP) {
    const p0 = a + g, p1 = a1 + g, p2 = a2 + g, p3 = a3 + g, p4 = a4 + g, p5 = a5 + g;
    { // input channel 0 of the group
      const b0 = v128.load(bp, 0), b1 = v128.load(bp, 16);
      let s = v128.load32_splat(p0, 0);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.load32_splat(p1, 0);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.load32_splat(p2, 0);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.load32_splat(p3, 0);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.load32_splat(p4, 0);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.load32_splat(p5, 0);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    { // input channel 1 of the group
      const b0 = v128.load(bp, 32), b1 = v128.load(bp, 48);
      let s = v128.load32_splat(p0, 4);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.load32_splat(p1, 4);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.load32_splat(p2, 4);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.load32_splat(p3, 4);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.load32_splat(p4, 4);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.load32_splat(p5, 4);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    { // input channel 2 of the group
      const b0 = v128.load(bp, 64), b1 = v128.load(bp, 80);
      let s = v128.load32_splat(p0, 8);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.load32_splat(p1, 8);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.load32_splat(p2, 8);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.load32_splat(p3, 8);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.load32_splat(p4, 8);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.load32_splat(p5, 8);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    { // input channel 3 of the group
      const b0 = v128.load(bp, 96), b1 = v128.load(bp, 112);
      let s = v128.load32_splat(p0, 12);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.load32_splat(p1, 12);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.load32_splat(p2, 12);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.load32_splat(p3, 12);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.load32_splat(p4, 12);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.load32_splat(p5, 12);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
    bp += 128;
  }
  v128.store(o, c00);
  v128.store(o + GROUP, c01);
  if (MR > 1) {
    v128.store(o + oStep, c10);
    v128.store(o + oStep + GROUP, c11);
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
