// Direct convolution and its filter gradient (see _conv_threads.ts for the layout).
import { chunkOf, claim, fgTap, partRange, PARTS, tile } from "./_conv_shared";

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

/**
 * Filter gradient of a 'same' k×k conv: dw[ky, kx, ci, co] += Σ x[·, y+ky, x+kx, ci] ·
 * g[·, y, x, co] over n images, x padded by p = (k−1)/2, g padded by gPad, into PARTS
 * partials dw + part·k·k·cin·cout floats (zero them first; the caller sums them). cout
 * must be a multiple of 8.
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
  for (let pi = claim(1); pi < PARTS; pi = claim(1)) {
    const part = dw + <usize> pi * <usize> (k * k * cin * cout) * 4;
    const range = partRange(n * h, pi);
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
}
