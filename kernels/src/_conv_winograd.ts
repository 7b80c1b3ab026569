// Winograd F(2×2, 3×3) convolution and filter gradient (see _conv_threads.ts).
import { chunkOf, claim, emit, fgTap, partRange, PARTS, STORE, tile } from "./_conv_shared";

// ---------------------------------------------------------------------------------------
// Winograd F(2×2, 3×3): the same 3×3 'same' convolution with 16 multiplies per 2×2 output
// tile and channel pair instead of 36. Per row of output tiles: the input tiles are
// transformed (V = Bᵀ d B, 16 values per tile and channel), 16 small GEMMs with the
// transformed filter (M[e] = V[e] · U[e], the register-blocked `tile` above with k = 1),
// then the output transform (Y = Aᵀ M A) feeds the same output stage as `conv`.

// Input transform of one 4×4 patch of 4 channels (rows at p, p + rb, …; columns cs apart),
// written as 16 vectors `vs` bytes apart.
// @ts-ignore: decorator
@inline function inputTile(p: usize, rb: usize, cs: usize, v: usize, vs: usize): void {
  const r0 = p, r1 = p + rb, r2 = r1 + rb, r3 = r2 + rb;
  for (let c: usize = 0; c < 4; c++) {
    const o = c * cs;
    const d0 = v128.load(r0 + o), d1 = v128.load(r1 + o), d2 = v128.load(r2 + o);
    const d3 = v128.load(r3 + o);
    // columns of Bᵀ d, kept per column c in the scratch rows below
    v128.store(v + (0 * 4 + c) * vs, f32x4.sub(d0, d2));
    v128.store(v + (1 * 4 + c) * vs, f32x4.add(d1, d2));
    v128.store(v + (2 * 4 + c) * vs, f32x4.sub(d2, d1));
    v128.store(v + (3 * 4 + c) * vs, f32x4.sub(d1, d3));
  }
  for (let r: usize = 0; r < 4; r++) {
    const q = v + r * 4 * vs;
    const t0 = v128.load(q), t1 = v128.load(q + vs), t2 = v128.load(q + 2 * vs);
    const t3 = v128.load(q + 3 * vs);
    v128.store(q, f32x4.sub(t0, t2));
    v128.store(q + vs, f32x4.add(t1, t2));
    v128.store(q + 2 * vs, f32x4.sub(t2, t1));
    v128.store(q + 3 * vs, f32x4.sub(t1, t3));
  }
}

// Input transform of one row of tiles: V[e][t][ci] at v + e·vE + t·aStep + ci·4.
// @ts-ignore: decorator
@inline function inputRow(
  xRow: usize,
  rowBytes: usize,
  aStep: usize,
  cin: i32,
  tiles: i32,
  v: usize,
  vE: usize,
): void {
  for (let t = 0; t < tiles; t++) {
    for (let c = 0; c < cin; c += 4) {
      const p = xRow + <usize> (2 * t) * aStep + (<usize> c << 2);
      inputTile(p, rowBytes, aStep, v + <usize> t * aStep + (<usize> c << 2), vE);
    }
  }
}

/**
 * 'same' 3×3 conv by Winograd F(2×2, 3×3), with the arguments and output modes of `conv`
 * except: `u` is the transformed filter packed as [16, cout/8, cin, 8], h and wd are even,
 * cin a multiple of 4, and `scratch` holds 16·(wd/2)·(cin + cout) floats per thread.
 */
export function winograd(
  x: usize,
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
  const tiles = wd >> 1;
  const aStep = <usize> cin << 2, rowBytes = <usize> (wd + 2) * aStep;
  const imgBytes = <usize> (h + 2) * rowBytes;
  const oStep = <usize> cout << 2, oRow = <usize> (wd + 2 * outPad) * oStep;
  const oImg = <usize> (h + 2 * outPad) * oRow;
  const vBuf = scratch + <usize> tid * <usize> (16 * tiles * (cin + cout)) * 4;
  const mBuf = vBuf + <usize> (16 * tiles * cin) * 4;
  const vE = <usize> tiles * aStep, mE = <usize> tiles * oStep; // bytes per e
  const panel = <usize> cin * 32; // bytes of one [cin, 8] weight panel
  const total = n * (h >> 1), chunk = chunkOf(total, nt);
  for (let r0 = claim(chunk); r0 < total; r0 = claim(chunk)) {
    const r1 = min(total, r0 + chunk);
    for (let r = r0; r < r1; r++) {
      const img = r / (h >> 1), ty = r % (h >> 1);
      const xRow = x + <usize> img * imgBytes + <usize> (2 * ty) * rowBytes;
      // 1. input transform: V[e][t][ci]
      inputRow(xRow, rowBytes, aStep, cin, tiles, vBuf, vE);
      // 2. M[e] = V[e] · U[e] for the 16 e, in tiles of 6 × 8
      for (let e = 0; e < 16; e++) {
        const ve = vBuf + <usize> e * vE, me = mBuf + <usize> e * mE;
        for (let j = 0; j < cout; j += 8) {
          const b = u + (<usize> e * <usize> (cout >> 3) + <usize> (j >> 3)) * panel;
          const jb = <usize> j << 2;
          let t = 0;
          for (; t + 6 <= tiles; t += 6) {
            const at = ve + <usize> t * aStep, ot = me + <usize> t * oStep + jb;
            tile(6, at, aStep, 0, <usize> cin, 1, b, ot, oStep, STORE, 0, 0);
          }
          const rest = tiles - t, at = ve + <usize> t * aStep, ot = me + <usize> t * oStep + jb;
          if (rest == 5) tile(5, at, aStep, 0, <usize> cin, 1, b, ot, oStep, STORE, 0, 0);
          else if (rest == 4) tile(4, at, aStep, 0, <usize> cin, 1, b, ot, oStep, STORE, 0, 0);
          else if (rest == 3) tile(3, at, aStep, 0, <usize> cin, 1, b, ot, oStep, STORE, 0, 0);
          else if (rest == 2) tile(2, at, aStep, 0, <usize> cin, 1, b, ot, oStep, STORE, 0, 0);
          else if (rest == 1) tile(1, at, aStep, 0, <usize> cin, 1, b, ot, oStep, STORE, 0, 0);
        }
      }
      // 3. output transform Y = Aᵀ M A and the output stage
      const o0 = <usize> img * oImg + <usize> (2 * ty + outPad) * oRow + <usize> outPad * oStep;
      for (let t = 0; t < tiles; t++) {
        for (let c = 0; c < cout; c += 4) {
          const m = mBuf + <usize> t * oStep + (<usize> c << 2);
          // rows of Aᵀ M for each column j: s0 = m0 + m1 + m2, s1 = m1 − m2 − m3
          let s00 = f32x4.splat(0), s01 = s00, s02 = s00, s03 = s00;
          let s10 = s00, s11 = s00, s12 = s00, s13 = s00;
          for (let jj: usize = 0; jj < 4; jj++) {
            const m0 = v128.load(m + jj * mE), m1 = v128.load(m + (4 + jj) * mE);
            const m2 = v128.load(m + (8 + jj) * mE), m3 = v128.load(m + (12 + jj) * mE);
            const a = f32x4.add(f32x4.add(m0, m1), m2);
            const b = f32x4.sub(f32x4.sub(m1, m2), m3);
            if (jj == 0) {
              s00 = a;
              s10 = b;
            } else if (jj == 1) {
              s01 = a;
              s11 = b;
            } else if (jj == 2) {
              s02 = a;
              s12 = b;
            } else {
              s03 = a;
              s13 = b;
            }
          }
          const y00 = f32x4.add(f32x4.add(s00, s01), s02);
          const y01 = f32x4.sub(f32x4.sub(s01, s02), s03);
          const y10 = f32x4.add(f32x4.add(s10, s11), s12);
          const y11 = f32x4.sub(f32x4.sub(s11, s12), s13);
          const o = o0 + <usize> (2 * t) * oStep + (<usize> c << 2), bc = bias + (<usize> c << 2);
          emit(out + o, y00, mode, bias != 0 ? bc : 0, aux + o);
          emit(out + o + oStep, y01, mode, bias != 0 ? bc : 0, aux + o + oStep);
          emit(out + o + oRow, y10, mode, bias != 0 ? bc : 0, aux + o + oRow);
          emit(out + o + oRow + oStep, y11, mode, bias != 0 ? bc : 0, aux + o + oRow + oStep);
        }
      }
    }
  }
}

/**
 * Filter gradient of the 3×3 'same' conv in the Winograd domain: for each 2×2 tile of the
 * output gradient g, Ĝ = A g Aᵀ (4×4) and V = Bᵀ d B of the input tile; PARTS partials
 * dU + part·16·cin·cout floats ([16, cin, cout]; zero them first) collect
 * Σ_tiles V[e][ci]·Ĝ[e][co]. The caller sums the partials and maps dU to dw = Gᵀ dU G. h and wd
 * even, cin a multiple of 4, cout of 8; `scratch` as for `winograd`.
 */
export function winogradFilterGrad(
  x: usize,
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
  const tiles = wd >> 1;
  const aStep = <usize> cin << 2, rowBytes = <usize> (wd + 2) * aStep;
  const imgBytes = <usize> (h + 2) * rowBytes;
  const gStep = <usize> cout << 2, gRow = <usize> (wd + 2 * gPad) * gStep;
  const gImg = <usize> (h + 2 * gPad) * gRow;
  const vBuf = scratch + <usize> tid * <usize> (16 * tiles * (cin + cout)) * 4;
  const qBuf = vBuf + <usize> (16 * tiles * cin) * 4;
  const vE = <usize> tiles * aStep, qE = <usize> tiles * gStep;
  for (let pi = claim(1); pi < PARTS; pi = claim(1)) {
    const part = du + <usize> pi * <usize> (16 * cin * cout) * 4;
    const range = partRange(n * (h >> 1), pi);
    for (let r = <i32> range; r < <i32> (range >> 32); r++) {
      const img = r / (h >> 1), ty = r % (h >> 1);
      const xRow = x + <usize> img * imgBytes + <usize> (2 * ty) * rowBytes;
      const gr = g + <usize> img * gImg + <usize> (2 * ty + gPad) * gRow + <usize> gPad * gStep;
      inputRow(xRow, rowBytes, aStep, cin, tiles, vBuf, vE);
      for (let t = 0; t < tiles; t++) {
        for (let c = 0; c < cout; c += 4) {
          const p = gr + <usize> (2 * t) * gStep + (<usize> c << 2);
          const y00 = v128.load(p), y01 = v128.load(p + gStep);
          const y10 = v128.load(p + gRow), y11 = v128.load(p + gRow + gStep);
          // rows of A y: (y0, y0 + y1, y0 − y1, −y1) for each column of the 2×2 tile
          const a0 = y00, a1 = f32x4.add(y00, y10), a2 = f32x4.sub(y00, y10), a3 = f32x4.neg(y10);
          const b0 = y01, b1 = f32x4.add(y01, y11), b2 = f32x4.sub(y01, y11), b3 = f32x4.neg(y11);
          const q = qBuf + <usize> t * gStep + (<usize> c << 2);
          // then the same along the columns: (a, a + b, a − b, −b) for each row
          v128.store(q, a0);
          v128.store(q + qE, f32x4.add(a0, b0));
          v128.store(q + 2 * qE, f32x4.sub(a0, b0));
          v128.store(q + 3 * qE, f32x4.neg(b0));
          v128.store(q + 4 * qE, a1);
          v128.store(q + 5 * qE, f32x4.add(a1, b1));
          v128.store(q + 6 * qE, f32x4.sub(a1, b1));
          v128.store(q + 7 * qE, f32x4.neg(b1));
          v128.store(q + 8 * qE, a2);
          v128.store(q + 9 * qE, f32x4.add(a2, b2));
          v128.store(q + 10 * qE, f32x4.sub(a2, b2));
          v128.store(q + 11 * qE, f32x4.neg(b2));
          v128.store(q + 12 * qE, a3);
          v128.store(q + 13 * qE, f32x4.add(a3, b3));
          v128.store(q + 14 * qE, f32x4.sub(a3, b3));
          v128.store(q + 15 * qE, f32x4.neg(b3));
        }
      }
      for (let e = 0; e < 16; e++) {
        const ve = vBuf + <usize> e * vE, qe = qBuf + <usize> e * qE;
        const de = part + <usize> (e * cin) * gStep;
        for (let co = 0; co < cout; co += 8) {
          const cb = <usize> co << 2;
          fgTap(ve, aStep, cin, qe + cb, gStep, tiles, de + cb, gStep);
        }
      }
    }
  }
}
