// Convolutions of ours for the conv-RNN, on a shared heap so that several threads run one
// call together: every export takes (tid, nt) and does its share of the work, split along
// output rows (forward) or input rows (filter gradient). No static data: the module only
// writes through the pointers it is given.
//
// Layout: NHWC float32. A "padded" buffer holds each image with a border of `pad` zero
// pixels on every side ([n, h + 2·pad, w + 2·pad, c]); convolutions are 'same', stride 1,
// k×k with k odd, and read their input from such a buffer (pad = (k − 1)/2) so that the
// inner loops never test borders. Weights come packed in panels of 8 output channels,
// [cout/8, k·k·cin, 8], so that a tile streams through contiguous memory.
//
// Register blocking: a tile is up to 6 consecutive output pixels × 8 output channels
// (12 f32x4 accumulators), each step one broadcast input value per pixel and two weight
// vectors. With relaxed SIMD each multiply-add is one fused instruction.

// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline function expPos(x: v128): v128 {
  // exp(x) for x in [0, 18]: 2^n · p(r), r = x − n·ln2, Cephes coefficients (≈1 ulp).
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// @ts-ignore: decorator
@inline function tanh4(x: v128): v128 {
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const a = f32x4.min(f32x4.abs(x), f32x4.splat(9));
  const e = expPos(f32x4.add(a, a));
  const t = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  return v128.or(t, sign);
}

/** Output modes of {@link conv}. */
const STORE = 0; // out = acc + bias (bias 0: none)
const TANH_ADD = 1; // out = tanh(out + acc)
const DTANH_ADD = 2; // out = (out + acc) · (1 − aux²)

// @ts-ignore: decorator
@inline function emit(o: usize, acc: v128, mode: i32, bias: usize, aux: usize): void {
  if (mode == STORE) {
    v128.store(o, bias != 0 ? f32x4.add(acc, v128.load(bias)) : acc);
  } else if (mode == TANH_ADD) {
    v128.store(o, tanh4(f32x4.add(v128.load(o), acc)));
  } else {
    const hv = v128.load(aux);
    v128.store(
      o,
      f32x4.mul(f32x4.add(v128.load(o), acc), f32x4.sub(f32x4.splat(1), f32x4.mul(hv, hv))),
    );
  }
}

// One tile: MR pixels (a compile-time constant after inlining) × 8 output channels. `a` points at the tile's first input pixel for ky = 0, kx = 0;
// `aStep` is the byte stride between input pixels, `rowBytes` between padded input rows;
// `b` the weight column block; `o` the first output pixel, `oStep` between output pixels.
// @ts-ignore: decorator
@inline function tile(
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

// One output row: tiles of 6 pixels, then one of the remainder, for each block of output
// channels.
// @ts-ignore: decorator
@inline function convRow(
  a: usize,
  aStep: usize,
  rowBytes: usize,
  run: usize,
  k: i32,
  w: usize,
  cout: i32,
  o: usize,
  oStep: usize,
  wd: i32,
  mode: i32,
  bias: usize,
  aux: usize,
): void {
  for (let j = 0; j < cout; j += 8) {
    const jb = <usize> j << 2, panel = w + <usize> j * run * <usize> k * 4;
    let x = 0;
    for (; x + 6 <= wd; x += 6) {
      const xo = <usize> x;
      tile(
        6,
        a + xo * aStep,
        aStep,
        rowBytes,
        run,
        k,
        panel,
        o + xo * oStep + jb,
        oStep,
        mode,
        bias + jb,
        aux + xo * oStep + jb,
      );
    }
    const rest = wd - x, xo = <usize> x;
    const ta = a + xo * aStep, tob = o + xo * oStep + jb, tx = aux + xo * oStep + jb;
    if (rest == 5) {
      tile(5, ta, aStep, rowBytes, run, k, panel, tob, oStep, mode, bias + jb, tx);
    } else if (rest == 4) {
      tile(4, ta, aStep, rowBytes, run, k, panel, tob, oStep, mode, bias + jb, tx);
    } else if (rest == 3) {
      tile(3, ta, aStep, rowBytes, run, k, panel, tob, oStep, mode, bias + jb, tx);
    } else if (rest == 2) {
      tile(2, ta, aStep, rowBytes, run, k, panel, tob, oStep, mode, bias + jb, tx);
    } else if (rest == 1) {
      tile(1, ta, aStep, rowBytes, run, k, panel, tob, oStep, mode, bias + jb, tx);
    }
  }
}

/** First and one-past-last of `total` items for thread `tid` of `nt`. */
// @ts-ignore: decorator
@inline function share(total: i32, tid: i32, nt: i32): i64 {
  const lo = <i32> ((<i64> total * tid) / nt), hi = <i32> ((<i64> total * (tid + 1)) / nt);
  return (<i64> hi << 32) | <i64> lo;
}

// Byte offset of the work counter in the pool's control block (Int32 index 6): jobs whose
// rows are independent hand them out dynamically, so that a slower thread takes fewer.
const COUNTER: usize = 24;

/** Claims the next `chunk` rows of a dynamically shared job; ≥ total when none are left. */
// @ts-ignore: decorator
@inline function claim(chunk: i32): i32 {
  return atomic.add<i32>(COUNTER, chunk);
}

/** Rows per claim: about 16 claims per thread. */
// @ts-ignore: decorator
@inline function chunkOf(total: i32, nt: i32): i32 {
  return max(1, total / (nt * 16));
}

/**
 * 'same' k×k conv of the padded input x [n, h+2p, wd+2p, cin] (p = (k−1)/2) with the
 * weights w packed as [cout/8, k·k·cin, 8] into out [n, h+2q, wd+2q, cout] (q = outPad; interior only), with the
 * output `mode` (STORE with optional bias[cout]; TANH_ADD; DTANH_ADD with aux shaped like
 * out). cout must be a multiple of 8. Rows n·h are handed out to the nt threads as they go (the caller zeroes the counter).
 */
export function conv(
  x: usize,
  cin: i32,
  w: usize,
  cout: i32,
  out: usize,
  outPad: i32,
  bias: usize,
  aux: usize,
  mode: i32,
  n: i32,
  h: i32,
  wd: i32,
  k: i32,
  tid: i32,
  nt: i32,
): void {
  const p = (k - 1) >> 1;
  const aStep = <usize> cin << 2, rowBytes = <usize> (wd + 2 * p) * aStep;
  const imgBytes = <usize> (h + 2 * p) * rowBytes;
  const oStep = <usize> cout << 2, oRow = <usize> (wd + 2 * outPad) * oStep;
  const oImg = <usize> (h + 2 * outPad) * oRow;
  const run = <usize> (k * cin);
  const total = n * h, chunk = chunkOf(total, nt);
  for (let r0 = claim(chunk); r0 < total; r0 = claim(chunk)) {
    const r1 = min(total, r0 + chunk);
    for (let r = r0; r < r1; r++) {
      const img = r / h, y = r % h;
      const a = x + <usize> img * imgBytes + <usize> y * rowBytes;
      const o = <usize> img * oImg + <usize> (y + outPad) * oRow + <usize> outPad * oStep;
      convRow(a, aStep, rowBytes, run, k, w, cout, out + o, oStep, wd, mode, bias, aux + o);
    }
  }
}

// Filter-gradient accumulation over one row of pixels for one (ky, kx) and a block of
// CI ≤ 6 input channels × 8 output channels (CI a compile-time constant after inlining):
// dw[ci, co] += Σ_x x[x + kx, ci]·g[x, co]. Up to 12 accumulators, 2 gradient vectors and
// one broadcast: 15 registers, what V8 gives SIMD code on x64 without spilling.
// @ts-ignore: decorator
@inline function fgBlock(
  CI: i32,
  xa: usize,
  aStep: usize,
  g: usize,
  gStep: usize,
  wd: i32,
  dw: usize,
  dwRow: usize,
): void {
  const z = f32x4.splat(0);
  const d1 = dw + dwRow, d2 = d1 + dwRow, d3 = d2 + dwRow, d4 = d3 + dwRow, d5 = d4 + dwRow;
  let c00 = v128.load(dw), c01 = v128.load(dw, 16);
  const c10i = CI > 1 ? v128.load(d1) : z, c11i = CI > 1 ? v128.load(d1, 16) : z;
  const c20i = CI > 2 ? v128.load(d2) : z, c21i = CI > 2 ? v128.load(d2, 16) : z;
  const c30i = CI > 3 ? v128.load(d3) : z, c31i = CI > 3 ? v128.load(d3, 16) : z;
  const c40i = CI > 4 ? v128.load(d4) : z, c41i = CI > 4 ? v128.load(d4, 16) : z;
  const c50i = CI > 5 ? v128.load(d5) : z, c51i = CI > 5 ? v128.load(d5, 16) : z;
  let c10 = c10i, c11 = c11i, c20 = c20i, c21 = c21i, c30 = c30i, c31 = c31i;
  let c40 = c40i, c41 = c41i, c50 = c50i, c51 = c51i;
  let ap = xa, gp = g;
  for (let x = 0; x < wd; x++) {
    const g0 = v128.load(gp), g1 = v128.load(gp, 16);
    let s = v128.load32_splat(ap);
    c00 = madd(s, g0, c00);
    c01 = madd(s, g1, c01);
    if (CI > 1) {
      s = v128.load32_splat(ap, 4);
      c10 = madd(s, g0, c10);
      c11 = madd(s, g1, c11);
    }
    if (CI > 2) {
      s = v128.load32_splat(ap, 8);
      c20 = madd(s, g0, c20);
      c21 = madd(s, g1, c21);
    }
    if (CI > 3) {
      s = v128.load32_splat(ap, 12);
      c30 = madd(s, g0, c30);
      c31 = madd(s, g1, c31);
    }
    if (CI > 4) {
      s = v128.load32_splat(ap, 16);
      c40 = madd(s, g0, c40);
      c41 = madd(s, g1, c41);
    }
    if (CI > 5) {
      s = v128.load32_splat(ap, 20);
      c50 = madd(s, g0, c50);
      c51 = madd(s, g1, c51);
    }
    ap += aStep;
    gp += gStep;
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
@inline function fgTap(
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

/**
 * Filter gradient of a 'same' k×k conv: dw[ky, kx, ci, co] += Σ x[·, y+ky, x+kx, ci] ·
 * g[·, y, x, co] over n images, x padded by p = (k−1)/2, g padded by gPad. Thread tid adds
 * its rows into its own partial dw + tid·k·k·cin·cout floats (zero them first; the caller
 * sums the partials). cout must be a multiple of 8.
 */
export function filterGrad(
  x: usize,
  cin: i32,
  g: usize,
  cout: i32,
  gPad: i32,
  dw: usize,
  n: i32,
  h: i32,
  wd: i32,
  k: i32,
  tid: i32,
  nt: i32,
): void {
  const p = (k - 1) >> 1;
  const aStep = <usize> cin << 2, rowBytes = <usize> (wd + 2 * p) * aStep;
  const imgBytes = <usize> (h + 2 * p) * rowBytes;
  const gStep = <usize> cout << 2, gRow = <usize> (wd + 2 * gPad) * gStep;
  const gImg = <usize> (h + 2 * gPad) * gRow;
  const dwRow = <usize> cout << 2;
  const part = dw + <usize> tid * <usize> (k * k * cin * cout) * 4;
  const range = share(n * h, tid, nt);
  for (let r = <i32> range; r < <i32> (range >> 32); r++) {
    const img = r / h, y = r % h;
    const gr = g + <usize> img * gImg + <usize> (y + gPad) * gRow + <usize> gPad * gStep;
    for (let ky = 0; ky < k; ky++) {
      for (let kx = 0; kx < k; kx++) {
        const xa = x + <usize> img * imgBytes + <usize> (y + ky) * rowBytes + <usize> kx * aStep;
        const dk = part + <usize> ((ky * k + kx) * cin) * dwRow;
        for (let co = 0; co < cout; co += 8) {
          const cb = <usize> co << 2;
          fgTap(xa, aStep, cin, gr + cb, gStep, wd, dk + cb, dwRow);
        }
      }
    }
  }
}

/**
 * Elementwise over the interior of padded buffers of `c` channels (multiple of 4):
 * mode 0: out = tanh(out); mode 1: out = out · (1 − aux²) (aux shaped like out).
 */
export function pointwise(
  out: usize,
  aux: usize,
  c: i32,
  pad: i32,
  n: i32,
  h: i32,
  wd: i32,
  mode: i32,
  tid: i32,
  nt: i32,
): void {
  const row = <usize> (wd + 2 * pad) * (<usize> c << 2);
  const img = <usize> (h + 2 * pad) * row;
  const bytes = <usize> wd * (<usize> c << 2);
  const total = n * h, chunk = chunkOf(total, nt);
  for (let r0 = claim(chunk); r0 < total; r0 = claim(chunk)) {
    const r1 = min(total, r0 + chunk);
    for (let r = r0; r < r1; r++) {
      const off = <usize> (r / h) * img + <usize> (r % h + pad) * row + (<usize> pad * c << 2);
      const o = out + off, q = aux + off;
      for (let i: usize = 0; i < bytes; i += 16) {
        const v = v128.load(o + i);
        if (mode == 0) v128.store(o + i, tanh4(v));
        else {
          const hv = v128.load(q + i);
          v128.store(o + i, f32x4.mul(v, f32x4.sub(f32x4.splat(1), f32x4.mul(hv, hv))));
        }
      }
    }
  }
}

/**
 * Per-channel sums of the interior of a padded buffer [n, h+2·pad, wd+2·pad, c] (c a
 * multiple of 4): thread tid writes its partial sums (f64) at sums + tid·c·8.
 */
export function channelSums(
  src: usize,
  c: i32,
  pad: i32,
  n: i32,
  h: i32,
  wd: i32,
  sums: usize,
  tid: i32,
  nt: i32,
): void {
  const cb = <usize> c << 2;
  const row = <usize> (wd + 2 * pad) * cb, img = <usize> (h + 2 * pad) * row;
  const part = sums + <usize> tid * (<usize> c << 3);
  memory.fill(part, 0, <usize> c << 3);
  const range = share(n * h, tid, nt);
  for (let r = <i32> range; r < <i32> (range >> 32); r++) {
    const base = src + <usize> (r / h) * img + <usize> (r % h + pad) * row + <usize> pad * cb;
    for (let k: usize = 0; k < cb; k += 16) {
      let s = f32x4.splat(0);
      for (let x = 0; x < wd; x++) s = f32x4.add(s, v128.load(base + <usize> x * cb + k));
      const d = part + (k << 1);
      v128.store(d, f64x2.add(v128.load(d), f64x2.promote_low_f32x4(s)));
      v128.store(
        d,
        f64x2.add(v128.load(d, 16), f64x2.promote_low_f32x4(i32x4.shuffle(s, s, 2, 3, 0, 1))),
        16,
      );
    }
  }
}

/**
 * mode 0: copies dense [n, h, wd, c] floats at src into the padded buffer dst and zeroes
 * its border; mode 1: copies the interior of the padded src to dense dst; mode 2: only
 * zeroes the border of dst.
 */
export function repad(
  src: usize,
  dst: usize,
  c: i32,
  pad: i32,
  n: i32,
  h: i32,
  wd: i32,
  mode: i32,
  tid: i32,
  nt: i32,
): void {
  const cb = <usize> c << 2, rowBytes = <usize> wd * cb;
  const prow = <usize> (wd + 2 * pad) * cb, img = <usize> (h + 2 * pad) * prow;
  const side = <usize> pad * cb;
  const total = n * h, chunk = chunkOf(total, nt);
  for (let r0 = claim(chunk); r0 < total; r0 = claim(chunk)) {
    const r1 = min(total, r0 + chunk);
    for (let r = r0; r < r1; r++) {
      const i = r / h, y = r % h;
      const dense = <usize> r * rowBytes;
      const base = <usize> i * img, row = base + <usize> (y + pad) * prow;
      if (mode == 1) {
        memory.copy(dst + dense, src + row + side, rowBytes);
        continue;
      }
      if (mode == 0) memory.copy(dst + row + side, src + dense, rowBytes);
      if (pad) {
        memory.fill(dst + row, 0, side);
        memory.fill(dst + row + side + rowBytes, 0, side);
        if (y == 0) memory.fill(dst + base, 0, <usize> pad * prow);
        if (y == h - 1) memory.fill(dst + base + <usize> (h + pad) * prow, 0, <usize> pad * prow);
      }
    }
  }
}

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
      for (let t = 0; t < tiles; t++) {
        for (let c = 0; c < cin; c += 4) {
          const p = xRow + <usize> (2 * t) * aStep + (<usize> c << 2);
          inputTile(p, rowBytes, aStep, vBuf + <usize> t * aStep + (<usize> c << 2), vE);
        }
      }
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
 * output gradient g, Ĝ = A g Aᵀ (4×4) and V = Bᵀ d B of the input tile; thread tid adds
 * Σ_tiles V[e][ci]·Ĝ[e][co] into its partial dU + tid·16·cin·cout floats ([16, cin, cout];
 * zero them first). The caller sums the partials and maps dU to dw = Gᵀ dU G. h and wd
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
  const part = du + <usize> tid * <usize> (16 * cin * cout) * 4;
  const range = share(n * (h >> 1), tid, nt);
  for (let r = <i32> range; r < <i32> (range >> 32); r++) {
    const img = r / (h >> 1), ty = r % (h >> 1);
    const xRow = x + <usize> img * imgBytes + <usize> (2 * ty) * rowBytes;
    const gr = g + <usize> img * gImg + <usize> (2 * ty + gPad) * gRow + <usize> gPad * gStep;
    for (let t = 0; t < tiles; t++) {
      for (let c = 0; c < cin; c += 4) {
        const p = xRow + <usize> (2 * t) * aStep + (<usize> c << 2);
        inputTile(p, rowBytes, aStep, vBuf + <usize> t * aStep + (<usize> c << 2), vE);
      }
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
