// Building blocks of the shared-memory conv kernels (see _conv_threads.ts): output modes
// and the fused output stage, the register-blocked conv tile, the filter-gradient blocks,
// and how a job's rows are split between threads.
import { madd, ONE, tanh4 } from "./_simd_math";

/** Output modes of {@link conv}. */
export const STORE = 0; // out = acc + bias (bias 0: none)
export const TANH_ADD = 1; // out = tanh(out + acc)
export const DTANH_ADD = 2; // out = (out + acc) · (1 − aux²)

// @ts-ignore: decorator
@inline export function emit(o: usize, acc: v128, mode: i32, bias: usize, aux: usize): void {
  if (mode == STORE) {
    v128.store(o, bias != 0 ? f32x4.add(acc, v128.load(bias)) : acc);
  } else if (mode == TANH_ADD) {
    v128.store(o, tanh4(f32x4.add(v128.load(o), acc)));
  } else {
    const hv = v128.load(aux);
    v128.store(
      o,
      f32x4.mul(f32x4.add(v128.load(o), acc), f32x4.sub(ONE, f32x4.mul(hv, hv))),
    );
  }
}

// One tile: MR pixels (a compile-time constant after inlining) × 8 output channels. `a` points at the tile's first input pixel for ky = 0, kx = 0;
// `aStep` is the byte stride between input pixels, `rowBytes` between padded input rows;
// `b` the weight column block; `o` the first output pixel, `oStep` between output pixels.
// @ts-ignore: decorator
@inline export function tile(
  MR: i32,
  a: usize,
  aStep: usize,
  rowBytes: usize,
  run: usize,
  k: i32,
  b: usize,
  o: usize,
  oStep: usize,
  mode: i32,
  bias: usize,
  aux: usize,
): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let ky = 0; ky < k; ky++) {
    const a0 = a + <usize> ky * rowBytes;
    const a1 = a0 + aStep, a2 = a1 + aStep, a3 = a2 + aStep, a4 = a3 + aStep, a5 = a4 + aStep;
    let bp = b + <usize> ky * run * 32;
    // `run` input floats per pixel are contiguous for one ky: k pixels × cin channels.
    for (let i: usize = 0; i < (run << 2); i += 4) {
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      bp += 32;
      let s = v128.load32_splat(a0 + i);
      c00 = madd(s, b0, c00);
      c01 = madd(s, b1, c01);
      if (MR > 1) {
        s = v128.load32_splat(a1 + i);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
      }
      if (MR > 2) {
        s = v128.load32_splat(a2 + i);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
      }
      if (MR > 3) {
        s = v128.load32_splat(a3 + i);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
      }
      if (MR > 4) {
        s = v128.load32_splat(a4 + i);
        c40 = madd(s, b0, c40);
        c41 = madd(s, b1, c41);
      }
      if (MR > 5) {
        s = v128.load32_splat(a5 + i);
        c50 = madd(s, b0, c50);
        c51 = madd(s, b1, c51);
      }
    }
  }
  const bb = bias, xb = aux;
  emit(o, c00, mode, bb, xb);
  emit(o + 16, c01, mode, bb + 16, xb + 16);
  if (MR > 1) {
    emit(o + oStep, c10, mode, bb, xb + oStep);
    emit(o + oStep + 16, c11, mode, bb + 16, xb + oStep + 16);
  }
  if (MR > 2) {
    emit(o + 2 * oStep, c20, mode, bb, xb + 2 * oStep);
    emit(o + 2 * oStep + 16, c21, mode, bb + 16, xb + 2 * oStep + 16);
  }
  if (MR > 3) {
    emit(o + 3 * oStep, c30, mode, bb, xb + 3 * oStep);
    emit(o + 3 * oStep + 16, c31, mode, bb + 16, xb + 3 * oStep + 16);
  }
  if (MR > 4) {
    emit(o + 4 * oStep, c40, mode, bb, xb + 4 * oStep);
    emit(o + 4 * oStep + 16, c41, mode, bb + 16, xb + 4 * oStep + 16);
  }
  if (MR > 5) {
    emit(o + 5 * oStep, c50, mode, bb, xb + 5 * oStep);
    emit(o + 5 * oStep + 16, c51, mode, bb + 16, xb + 5 * oStep + 16);
  }
}

/** Bytes of one tile's 36 F(4×4, 3×3) values of 4 channels in the tile-major scratch. */
export const GROUP: usize = 576;

// Broadcast of input channel `r` (a compile-time constant after inlining) of the block at
// `ap`, with a literal load offset.
// @ts-ignore: decorator
@inline function blockSplat(ap: usize, r: i32): v128 {
  if (r == 0) return v128.load32_splat(ap, 0);
  if (r == 1) return v128.load32_splat(ap, 4);
  if (r == 2) return v128.load32_splat(ap, 8);
  if (r == 3) return v128.load32_splat(ap, 12);
  if (r == 4) return v128.load32_splat(ap, 16);
  return v128.load32_splat(ap, 20);
}

// Filter-gradient accumulation dw[ci, co] += Σ_i a_i[ci]·g_i[co] over `count` rows i
// (`aStep` and `gStep` bytes apart: pixels of an image row) for a block of CI ≤ 6
// contiguous input channels × 8 contiguous output channels. Up to 12 accumulators, 2
// gradient vectors and one broadcast: 15 registers, what V8 gives SIMD code on x64
// without spilling.
// @ts-ignore: decorator
@inline export function fgBlock(
  CI: i32,
  a: usize,
  aStep: usize,
  q: usize,
  qStep: usize,
  count: i32,
  dw: usize,
  dwRow: usize,
): void {
  const z = f32x4.splat(0);
  const d1 = dw + dwRow, d2 = d1 + dwRow, d3 = d2 + dwRow, d4 = d3 + dwRow, d5 = d4 + dwRow;
  let c00 = v128.load(dw), c01 = v128.load(dw, 16);
  let c10 = CI > 1 ? v128.load(d1) : z, c11 = CI > 1 ? v128.load(d1, 16) : z;
  let c20 = CI > 2 ? v128.load(d2) : z, c21 = CI > 2 ? v128.load(d2, 16) : z;
  let c30 = CI > 3 ? v128.load(d3) : z, c31 = CI > 3 ? v128.load(d3, 16) : z;
  let c40 = CI > 4 ? v128.load(d4) : z, c41 = CI > 4 ? v128.load(d4, 16) : z;
  let c50 = CI > 5 ? v128.load(d5) : z, c51 = CI > 5 ? v128.load(d5, 16) : z;
  let ap = a, qp = q;
  for (let t = 0; t < count; t++) {
    const g0 = v128.load(qp), g1 = v128.load(qp, 16);
    let s = blockSplat(ap, 0);
    c00 = madd(s, g0, c00);
    c01 = madd(s, g1, c01);
    if (CI > 1) {
      s = blockSplat(ap, 1);
      c10 = madd(s, g0, c10);
      c11 = madd(s, g1, c11);
    }
    if (CI > 2) {
      s = blockSplat(ap, 2);
      c20 = madd(s, g0, c20);
      c21 = madd(s, g1, c21);
    }
    if (CI > 3) {
      s = blockSplat(ap, 3);
      c30 = madd(s, g0, c30);
      c31 = madd(s, g1, c31);
    }
    if (CI > 4) {
      s = blockSplat(ap, 4);
      c40 = madd(s, g0, c40);
      c41 = madd(s, g1, c41);
    }
    if (CI > 5) {
      s = blockSplat(ap, 5);
      c50 = madd(s, g0, c50);
      c51 = madd(s, g1, c51);
    }
    ap += aStep;
    qp += qStep;
  }
  v128.store(dw, c00);
  v128.store(dw, c01, 16);
  if (CI > 1) {
    v128.store(d1, c10);
    v128.store(d1, c11, 16);
  }
  if (CI > 2) {
    v128.store(d2, c20);
    v128.store(d2, c21, 16);
  }
  if (CI > 3) {
    v128.store(d3, c30);
    v128.store(d3, c31, 16);
  }
  if (CI > 4) {
    v128.store(d4, c40);
    v128.store(d4, c41, 16);
  }
  if (CI > 5) {
    v128.store(d5, c50);
    v128.store(d5, c51, 16);
  }
}

// All (ci, co) blocks of one (ky, kx) over one row of 8 output channels: ci in blocks of
// 6, then one block of the remainder.
// @ts-ignore: decorator
@inline export function fgTap(
  xa: usize,
  aStep: usize,
  cin: i32,
  g: usize,
  gStep: usize,
  wd: i32,
  dk: usize,
  dwRow: usize,
): void {
  let ci = 0;
  for (; ci + 6 <= cin; ci += 6) {
    fgBlock(6, xa + (<usize> ci << 2), aStep, g, gStep, wd, dk + <usize> ci * dwRow, dwRow);
  }
  const rest = cin - ci, at = xa + (<usize> ci << 2), d = dk + <usize> ci * dwRow;
  if (rest == 5) fgBlock(5, at, aStep, g, gStep, wd, d, dwRow);
  else if (rest == 4) fgBlock(4, at, aStep, g, gStep, wd, d, dwRow);
  else if (rest == 3) fgBlock(3, at, aStep, g, gStep, wd, d, dwRow);
  else if (rest == 2) fgBlock(2, at, aStep, g, gStep, wd, d, dwRow);
  else if (rest == 1) fgBlock(1, at, aStep, g, gStep, wd, d, dwRow);
}

/** First and one-past-last of `total` items for thread `tid` of `nt`. */
// @ts-ignore: decorator
@inline export function share(total: i32, tid: i32, nt: i32): i64 {
  const lo = <i32> ((<i64> total * tid) / nt), hi = <i32> ((<i64> total * (tid + 1)) / nt);
  return (<i64> hi << 32) | <i64> lo;
}

// Byte offset of the work counter (Int32 index 6 of the pool's control block, which sits
// wherever the pool put it: `setControl`): jobs whose rows are independent hand them out
// dynamically, so that a slower thread takes fewer.
let counter: usize = 24;

/** Tells this instance where the pool's control block is (a byte offset). */
export function setControl(at: usize): void {
  counter = at + 24;
}

/** Claims the next `chunk` rows of a dynamically shared job; ≥ total when none are left. */
// @ts-ignore: decorator
@inline export function claim(chunk: i32): i32 {
  return atomic.add<i32>(counter, chunk);
}

/**
 * Partial sums of a filter-gradient job (FILTER_GRAD_PARTS in src/backend/wasm/_conv_plan.ts):
 * its rows are cut into this many fixed ranges (`partRange`), each summed into its own
 * partial and claimed by whichever thread is free. The sums then depend neither on timing
 * nor on the thread count, and a thread the machine slows down takes fewer ranges.
 */
export const PARTS = 8;

/**
 * First and one-past-last of `total` rows for part p of PARTS, packed as `share` packs
 * them. Sizes decrease as PARTS − p (8 : 7 : … : 1), so that the parts claimed last are
 * short and the threads finish together: with equal parts the main thread waited 8 % of a
 * filter gradient's time for the last one (measured).
 */
// @ts-ignore: decorator
@inline export function partRange(total: i32, p: i32): i64 {
  const w = (PARTS * (PARTS + 1)) >> 1;
  const c0 = p * PARTS - ((p * (p - 1)) >> 1), c1 = c0 + PARTS - p;
  const lo = <i32> ((<i64> total * c0) / w), hi = <i32> ((<i64> total * c1) / w);
  return (<i64> hi << 32) | <i64> lo;
}

/** Rows per claim: about 16 claims per thread. */
// @ts-ignore: decorator
@inline export function chunkOf(total: i32, nt: i32): i32 {
  return max(1, total / (nt * 16));
}
