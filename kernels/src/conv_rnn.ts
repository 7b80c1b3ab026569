// asc-flags: --importMemory
// Elementwise and per-channel SIMD passes of the fused conv-RNN layer and batch norm.
// They run on tfjs's own WASM heap (imported memory): every pointer is a byte offset of a
// tensor there, so nothing is copied. No static data: this module must never write memory
// except through the pointers it is given. Channel counts must be multiples of 4.

import { ONE, tanh4 } from "./_simd_math";
import { affineRows, sumRows } from "./_channels";

// out = tanh(u + r + bias[channel]) over rows × c floats; r = 0 means no r term.
export function tanhBiasAdd(out: usize, u: usize, r: usize, bias: usize, rows: i32, c: i32): void {
  const rowBytes = <usize> c << 2;
  for (let i = 0; i < rows; i++) {
    const o = out + <usize> i * rowBytes,
      a = u + <usize> i * rowBytes,
      b = r + <usize> i * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 16) {
      let v = f32x4.add(v128.load(a + k), v128.load(bias + k));
      if (r != 0) v = f32x4.add(v, v128.load(b + k));
      v128.store(o + k, tanh4(v));
    }
  }
}

// out = (dh + carry) · (1 − h²) over n floats; carry = 0 means no carry term.
export function tanhBackward(out: usize, dh: usize, carry: usize, h: usize, n: i32): void {
  const bytes = <usize> n << 2;
  const one = ONE;
  for (let k: usize = 0; k < bytes; k += 16) {
    let g = v128.load(dh + k);
    if (carry != 0) g = f32x4.add(g, v128.load(carry + k));
    const hv = v128.load(h + k);
    v128.store(out + k, f32x4.mul(g, f32x4.sub(one, f32x4.mul(hv, hv))));
  }
}

// sumY[k] += Σ_r y[r, k]; sumXY[k] += Σ_r x[r, k]·y[r, k] (x = 0: only sumY), summed in
// f64 (sums f64[c]). One sweep over the rows (channels innermost), so the data is read once.
export function channelSums(
  x: usize,
  y: usize,
  rows: i32,
  c: i32,
  sumY: usize,
  sumXY: usize,
): void {
  sumRows(x, y, 0, rows, c, sumY, sumXY);
}

// out[r, k] = a[k]·x[r, k] + b[k]·y[r, k] + c0[k] (y = 0: no y term).
export function channelAffine(
  out: usize,
  x: usize,
  y: usize,
  rows: i32,
  c: i32,
  a: usize,
  b: usize,
  c0: usize,
): void {
  affineRows(out, x, y, 0, rows, c, a, b, c0);
}
