// Winograd F(4×4, 3×3) convolution and filter gradient (see _conv_threads.ts): 36
// multiplies per 4×4 output tile and channel pair instead of 144 (direct) or 64 (four
// F(2×2, 3×3) tiles), for images whose sides are multiples of 4. Same structure as
// _conv_winograd.ts: per unit of tiles, the input transform V = Bᵀ d B (36 values per
// tile and channel), 36 GEMMs with the transformed filter U = G w Gᵀ, then the output
// transform Y = Aᵀ M A into the output stage of `conv`. The filter gradient accumulates
// dU[e] = Σ V[e]ᵀ · (A g Aᵀ)[e]; the caller maps it to dw = Gᵀ dU G. Matrices of Lavin &
// Gray (2016) with interpolation points 0, ±1, ±2.
//
// Scratch layout: the transform of one tile and 4 channels is 36 vectors in 576
// contiguous bytes ([tile][channel/4][e][4]), so that the transforms address their
// values with constant offsets in one small block (3.5× faster than e-major slices,
// measured), and the GEMMs walk the channels a group of 4 at a time.
import { chunkOf, claim, emit, GROUP, partRange, PARTS } from "./_conv_shared";
import { fgGroup, gemmTile } from "./_conv_winograd4_tiles";
import { EIGHT, FOUR } from "./_simd_math";

// Bᵀ applied to 6 vectors (src, src + ss, …), written to dst, dst + ds, … (may alias). The
// transforms take 4 and 8 (`four`, `eight`) from their caller, which reads them once.
// Without `first` (`last`), the first (last) vector is not read but taken as zero: rows
// outside an unpadded image.
// @ts-ignore: decorator
@inline function bt6(
  src: usize,
  ss: usize,
  dst: usize,
  ds: usize,
  four: v128,
  first: bool = true,
  last: bool = true,
): void {
  const z = f32x4.splat(0);
  const d0 = first ? v128.load(src) : z, d1 = v128.load(src + ss), d2 = v128.load(src + 2 * ss);
  const d3 = v128.load(src + 3 * ss), d4 = v128.load(src + 4 * ss);
  const d5 = last ? v128.load(src + 5 * ss) : z;
  const a = f32x4.sub(d4, f32x4.mul(four, d2)), b = f32x4.sub(d3, f32x4.mul(four, d1));
  const c = f32x4.sub(d4, d2), e = f32x4.sub(d3, d1), e2 = f32x4.add(e, e);
  v128.store(dst, f32x4.add(f32x4.mul(four, f32x4.sub(d0, d2)), c));
  v128.store(dst + ds, f32x4.add(a, b));
  v128.store(dst + 2 * ds, f32x4.sub(a, b));
  v128.store(dst + 3 * ds, f32x4.add(c, e2));
  v128.store(dst + 4 * ds, f32x4.sub(c, e2));
  v128.store(dst + 5 * ds, f32x4.sub(f32x4.sub(d5, d3), f32x4.mul(four, e)));
}

// Zeros into dst, dst + ds, … (6 vectors): a column outside an unpadded image.
// @ts-ignore: decorator
@inline function zero6(dst: usize, ds: usize): void {
  const z = f32x4.splat(0);
  v128.store(dst, z);
  v128.store(dst + ds, z);
  v128.store(dst + 2 * ds, z);
  v128.store(dst + 3 * ds, z);
  v128.store(dst + 4 * ds, z);
  v128.store(dst + 5 * ds, z);
}

// Aᵀ applied to 6 vectors at m, m + s, …: the 4 results, written back over the first 4.
// @ts-ignore: decorator
@inline function at6(m: usize, s: usize, four: v128, eight: v128): void {
  const m0 = v128.load(m), m1 = v128.load(m + s), m2 = v128.load(m + 2 * s);
  const m3 = v128.load(m + 3 * s), m4 = v128.load(m + 4 * s), m5 = v128.load(m + 5 * s);
  const p = f32x4.add(m1, m2), q = f32x4.sub(m1, m2);
  const r = f32x4.add(m3, m4), t = f32x4.sub(m3, m4);
  v128.store(m, f32x4.add(f32x4.add(m0, p), r));
  v128.store(m + s, f32x4.add(q, f32x4.add(t, t)));
  v128.store(m + 2 * s, f32x4.add(p, f32x4.mul(four, r)));
  v128.store(m + 3 * s, f32x4.add(f32x4.add(q, m5), f32x4.mul(eight, t)));
}

// A applied to 4 vectors (src, src + ss, …), the 6 results written to dst, dst + ds, ….
// @ts-ignore: decorator
@inline function a6(
  src: usize,
  ss: usize,
  dst: usize,
  ds: usize,
  four: v128,
  eight: v128,
): void {
  const g0 = v128.load(src), g1 = v128.load(src + ss), g2 = v128.load(src + 2 * ss);
  const g3 = v128.load(src + 3 * ss);
  const u = f32x4.add(g0, g2), v = f32x4.add(g1, g3);
  const u4 = f32x4.add(g0, f32x4.mul(four, g2));
  const v4 = f32x4.add(f32x4.add(g1, g1), f32x4.mul(eight, g3));
  v128.store(dst, g0);
  v128.store(dst + ds, f32x4.add(u, v));
  v128.store(dst + 2 * ds, f32x4.sub(u, v));
  v128.store(dst + 3 * ds, f32x4.add(u4, v4));
  v128.store(dst + 4 * ds, f32x4.sub(u4, v4));
  v128.store(dst + 5 * ds, g3);
}

/**
 * Tile rows per unit of work: enough for about `tiles` tiles, 16 for the conv (rows for its
 * GEMMs) and 32 for the filter gradient (a longer sum per pass over its accumulators: 5 %
 * faster than 16, measured, and 64 no faster). As unitTiles in src/backend/wasm/_winograd.ts.
 */
// @ts-ignore: decorator
@inline function rowsPerUnit(h: i32, wd: i32, tiles: i32): i32 {
  return min(h >> 2, max(1, (tiles + (wd >> 2) - 1) / (wd >> 2)));
}

/** Units of work per image (the last may hold fewer tile rows). */
// @ts-ignore: decorator
@inline function unitsPerImage(h: i32, rows: i32): i32 {
  return ((h >> 2) + rows - 1) / rows;
}

// The input transform of the `count` tiles from tile row `ty0` on of one image (x points at
// the image, padded by `xPad` = 1, or not at all: then the pixels around it read as zeros)
// into v: tile t, channels c…c+3 at v + t·cin·144 + (c/4)·576, value e = 6i + j at + 16e.
// @ts-ignore: decorator
@inline function inputUnit(
  four: v128,
  x: usize,
  xPad: i32,
  rowBytes: usize,
  aStep: usize,
  cin: i32,
  tilesX: i32,
  tilesY: i32,
  ty0: i32,
  count: i32,
  v: usize,
): void {
  const tileBytes = <usize> cin * 144;
  // the tile's first pixel: (4ty, 4tx) of a padded image, (4ty − 1, 4tx − 1) of an unpadded
  const back = xPad ? 0 : rowBytes + aStep;
  for (let t = 0; t < count; t++) {
    const ty = ty0 + t / tilesX, tx = t % tilesX;
    const p = x + <usize> (4 * ty) * rowBytes + <usize> (4 * tx) * aStep - back;
    const top = ty == 0, bottom = ty == tilesY - 1, left = tx == 0, right = tx == tilesX - 1;
    const edge = !xPad && (top || bottom || left || right);
    for (let c = 0; c < cin; c += 4) {
      const src = p + (<usize> c << 2), dst = v + <usize> t * tileBytes + <usize> (c >> 2) * GROUP;
      if (!edge) { // columns j of Bᵀ d into slots 6i + j
        bt6(src, rowBytes, dst, 96, four);
        bt6(src + aStep, rowBytes, dst + 16, 96, four);
        bt6(src + 2 * aStep, rowBytes, dst + 32, 96, four);
        bt6(src + 3 * aStep, rowBytes, dst + 48, 96, four);
        bt6(src + 4 * aStep, rowBytes, dst + 64, 96, four);
        bt6(src + 5 * aStep, rowBytes, dst + 80, 96, four);
      } else { // the same, reading no pixel outside the image
        if (left) zero6(dst, 96);
        else bt6(src, rowBytes, dst, 96, four, !top, !bottom);
        bt6(src + aStep, rowBytes, dst + 16, 96, four, !top, !bottom);
        bt6(src + 2 * aStep, rowBytes, dst + 32, 96, four, !top, !bottom);
        bt6(src + 3 * aStep, rowBytes, dst + 48, 96, four, !top, !bottom);
        bt6(src + 4 * aStep, rowBytes, dst + 64, 96, four, !top, !bottom);
        if (right) zero6(dst + 80, 96);
        else bt6(src + 5 * aStep, rowBytes, dst + 80, 96, four, !top, !bottom);
      }
      bt6(dst, 16, dst, 16, four); // then each row i: (Bᵀ d) B
      bt6(dst + 96, 16, dst + 96, 16, four);
      bt6(dst + 192, 16, dst + 192, 16, four);
      bt6(dst + 288, 16, dst + 288, 16, four);
      bt6(dst + 384, 16, dst + 384, 16, four);
      bt6(dst + 480, 16, dst + 480, 16, four);
    }
  }
}

/**
 * 'same' 3×3 conv by Winograd F(4×4, 3×3), with the arguments and output modes of
 * `winograd` except: x is padded by `xPad` (1, or 0: not padded), `u` is the transformed
 * filter packed as [36, cout/8, cin, 8], h and wd are multiples of 4, and `scratch` holds 36·rowsPerUnit(h, wd, 16)·(wd/4)·(cin + cout)
 * floats per thread (`scratchFloats` in src/backend/wasm/_winograd.ts).
 */
export function winograd4(
  x: usize,
  xPad: i32,
  cin: i32,
  u: usize,
  cout: i32,
  out: usize,
  outPad: i32,
  bias: usize,
  aux: usize,
  mode: i32,
  n: i32,
  h: i32,
  wd: i32,
  scratch: usize,
  tid: i32,
  nt: i32,
): void {
  const four = FOUR, eight = EIGHT;
  const tilesX = wd >> 2, rows = rowsPerUnit(h, wd, 16), per = rows * tilesX;
  const units = unitsPerImage(h, rows);
  const aStep = <usize> cin << 2, rowBytes = <usize> (wd + 2 * xPad) * aStep;
  const imgBytes = <usize> (h + 2 * xPad) * rowBytes;
  const oStep = <usize> cout << 2, oRow = <usize> (wd + 2 * outPad) * oStep;
  const oImg = <usize> (h + 2 * outPad) * oRow;
  const vBuf = scratch + <usize> tid * <usize> (36 * per * (cin + cout)) * 4;
  const mBuf = vBuf + <usize> (36 * per * cin) * 4;
  const vTile = <usize> cin * 144, mTile = <usize> cout * 144; // bytes per tile
  const panel = <usize> cin * 32; // bytes of one [cin, 8] weight panel
  const groups = cin >> 2;
  const total = n * units, chunk = chunkOf(total, nt);
  for (let r0 = claim(chunk); r0 < total; r0 = claim(chunk)) {
    const r1 = min(total, r0 + chunk);
    for (let r = r0; r < r1; r++) {
      const img = r / units, ty0 = (r % units) * rows;
      const count = min(per, ((h >> 2) - ty0) * tilesX);
      const xi = x + <usize> img * imgBytes;
      inputUnit(four, xi, xPad, rowBytes, aStep, cin, tilesX, h >> 2, ty0, count, vBuf);
      // M[e] = V[e] · U[e] for the 36 e, in tiles of 6 × 8
      for (let e = 0; e < 36; e++) {
        const ve = vBuf + (<usize> e << 4), me = mBuf + (<usize> e << 4);
        for (let j = 0; j < cout; j += 8) {
          const b = u + (<usize> e * <usize> (cout >> 3) + <usize> (j >> 3)) * panel;
          const mj = me + <usize> (j >> 2) * GROUP;
          let t = 0;
          for (; t + 6 <= count; t += 6) {
            gemmTile(6, ve + <usize> t * vTile, vTile, groups, b, mj + <usize> t * mTile, mTile);
          }
          const rest = count - t, at = ve + <usize> t * vTile, ot = mj + <usize> t * mTile;
          if (rest == 5) gemmTile(5, at, vTile, groups, b, ot, mTile);
          else if (rest == 4) gemmTile(4, at, vTile, groups, b, ot, mTile);
          else if (rest == 3) gemmTile(3, at, vTile, groups, b, ot, mTile);
          else if (rest == 2) gemmTile(2, at, vTile, groups, b, ot, mTile);
          else if (rest == 1) gemmTile(1, at, vTile, groups, b, ot, mTile);
        }
      }
      // output transform Y = Aᵀ M A (columns, then rows in place) and the output stage
      const o0 = <usize> img * oImg + <usize> outPad * (oRow + oStep);
      for (let t = 0; t < count; t++) {
        const ty = ty0 + t / tilesX, tx = t % tilesX;
        const ot = o0 + <usize> (4 * ty) * oRow + <usize> (4 * tx) * oStep;
        for (let c = 0; c < cout; c += 4) {
          const m = mBuf + <usize> t * mTile + <usize> (c >> 2) * GROUP;
          at6(m, 96, four, eight);
          at6(m + 16, 96, four, eight);
          at6(m + 32, 96, four, eight);
          at6(m + 48, 96, four, eight);
          at6(m + 64, 96, four, eight);
          at6(m + 80, 96, four, eight);
          const cb = <usize> c << 2, bc = bias != 0 ? bias + cb : 0;
          for (let i: usize = 0; i < 4; i++) {
            // row i: Aᵀ over its 6 values, straight into the output stage
            const mi = m + i * 96, o = ot + i * oRow + cb;
            const m0 = v128.load(mi), m1 = v128.load(mi, 16), m2 = v128.load(mi, 32);
            const m3 = v128.load(mi, 48), m4 = v128.load(mi, 64), m5 = v128.load(mi, 80);
            const p = f32x4.add(m1, m2), q = f32x4.sub(m1, m2);
            const r = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
            const y0 = f32x4.add(f32x4.add(m0, p), r), y1 = f32x4.add(q, f32x4.add(d, d));
            const y2 = f32x4.add(p, f32x4.mul(four, r));
            const y3 = f32x4.add(f32x4.add(q, m5), f32x4.mul(eight, d));
            emit(out + o, y0, mode, bc, aux + o);
            emit(out + o + oStep, y1, mode, bc, aux + o + oStep);
            emit(out + o + 2 * oStep, y2, mode, bc, aux + o + 2 * oStep);
            emit(out + o + 3 * oStep, y3, mode, bc, aux + o + 3 * oStep);
          }
        }
      }
    }
  }
}

/**
 * Filter gradient of the 3×3 'same' conv in the F(4×4, 3×3) domain: PARTS partials
 * dU + part·36·cin·cout floats ([36, cin, cout]; zero them first) collect
 * Σ_tiles V[e][ci]·(A g Aᵀ)[e][co]. Arguments as for `winogradFilterGrad`, with x padded
 * by `xPad` (1 or 0); h and wd multiples of 4, cin of 4, cout of 8; `scratch` as for
 * `winograd4`, with rowsPerUnit(h, wd, 32).
 */
export function winograd4FilterGrad(
  x: usize,
  xPad: i32,
  cin: i32,
  g: usize,
  cout: i32,
  gPad: i32,
  du: usize,
  n: i32,
  h: i32,
  wd: i32,
  scratch: usize,
  tid: i32,
  nt: i32,
): void {
  const four = FOUR, eight = EIGHT;
  const tilesX = wd >> 2, rows = rowsPerUnit(h, wd, 32), per = rows * tilesX;
  const units = unitsPerImage(h, rows);
  const aStep = <usize> cin << 2, rowBytes = <usize> (wd + 2 * xPad) * aStep;
  const imgBytes = <usize> (h + 2 * xPad) * rowBytes;
  const gStep = <usize> cout << 2, gRow = <usize> (wd + 2 * gPad) * gStep;
  const gImg = <usize> (h + 2 * gPad) * gRow;
  const vBuf = scratch + <usize> tid * <usize> (36 * per * (cin + cout)) * 4;
  const qBuf = vBuf + <usize> (36 * per * cin) * 4;
  const vTile = <usize> cin * 144, qTile = <usize> cout * 144;
  for (let pi = claim(1); pi < PARTS; pi = claim(1)) {
    const part = du + <usize> pi * <usize> (36 * cin * cout) * 4;
    const range = partRange(n * units, pi);
    for (let r = <i32> range; r < <i32> (range >> 32); r++) {
      const img = r / units, ty0 = (r % units) * rows;
      const count = min(per, ((h >> 2) - ty0) * tilesX);
      const xi = x + <usize> img * imgBytes;
      inputUnit(four, xi, xPad, rowBytes, aStep, cin, tilesX, h >> 2, ty0, count, vBuf);
      const g0 = g + <usize> img * gImg + <usize> gPad * (gRow + gStep);
      for (let t = 0; t < count; t++) {
        const ty = ty0 + t / tilesX, tx = t % tilesX;
        const gt = g0 + <usize> (4 * ty) * gRow + <usize> (4 * tx) * gStep;
        for (let c = 0; c < cout; c += 4) {
          const src = gt + (<usize> c << 2);
          const q = qBuf + <usize> t * qTile + <usize> (c >> 2) * GROUP;
          a6(src, gRow, q, 96, four, eight); // A g: columns j of the 4×4 tile into slots 6i + j
          a6(src + gStep, gRow, q + 16, 96, four, eight);
          a6(src + 2 * gStep, gRow, q + 32, 96, four, eight);
          a6(src + 3 * gStep, gRow, q + 48, 96, four, eight);
          a6(q, 16, q, 16, four, eight); // then each row: (A g) Aᵀ
          a6(q + 96, 16, q + 96, 16, four, eight);
          a6(q + 192, 16, q + 192, 16, four, eight);
          a6(q + 288, 16, q + 288, 16, four, eight);
          a6(q + 384, 16, q + 384, 16, four, eight);
          a6(q + 480, 16, q + 480, 16, four, eight);
        }
      }
      for (let e = 0; e < 36; e++) {
        const ve = vBuf + (<usize> e << 4), qe = qBuf + (<usize> e << 4);
        const de = part + <usize> (e * cin) * gStep;
        for (let co = 0; co < cout; co += 8) {
          const qc = qe + <usize> (co >> 2) * GROUP, dc = de + (<usize> co << 2);
          for (let ci = 0; ci < cin; ci += 4) {
            const a = ve + <usize> (ci >> 2) * GROUP, d = dc + <usize> ci * gStep;
            fgGroup(a, vTile, qc, qTile, count, d, gStep);
          }
        }
      }
    }
  }
}
