// Per-row passes over padded buffers: element-wise tanh and its derivative, per-channel
// sums, zeroing the border, and copies between padded buffers and dense tensors; and the
// batch-norm passes over dense [rows, c] tensors.
import { ONE, tanh4 } from "./_simd_math";
import { chunkOf, claim, partRange, PARTS, share } from "./_conv_shared";
import { affineRows, sumRows } from "./_channels";

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
          v128.store(o + i, f32x4.mul(v, f32x4.sub(ONE, f32x4.mul(hv, hv))));
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
    // one image row, as wd rows of c channels for sumRows (independent accumulators: a
    // loop over the pixels per channel group was bound by the latency of its one sum)
    const base = src + <usize> (r / h) * img + <usize> (r % h + pad) * row + <usize> pad * cb;
    sumRows(0, base, 0, wd, c, part, 0);
  }
}

/** Zeroes the border (`pad` pixels on every side) of the padded buffer dst. */
export function clearBorder(
  dst: usize,
  c: i32,
  pad: i32,
  n: i32,
  h: i32,
  wd: i32,
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
      const base = <usize> i * img, row = base + <usize> (y + pad) * prow;
      memory.fill(dst + row, 0, side);
      memory.fill(dst + row + side + rowBytes, 0, side);
      if (y == 0) memory.fill(dst + base, 0, <usize> pad * prow);
      if (y == h - 1) memory.fill(dst + base + <usize> (h + pad) * prow, 0, <usize> pad * prow);
    }
  }
}

/**
 * Copies between a dense [n, h, wd, c] tensor and the interior of a padded buffer:
 * toPadded 1: dense → padded; 0: padded → dense. One image row per item.
 */
export function padCopy(
  dense: usize,
  padded: usize,
  c: i32,
  pad: i32,
  n: i32,
  h: i32,
  wd: i32,
  toPadded: i32,
  tid: i32,
  nt: i32,
): void {
  const cb = <usize> c << 2, rowBytes = <usize> wd * cb;
  const prow = <usize> (wd + 2 * pad) * cb, img = <usize> (h + 2 * pad) * prow;
  const total = n * h, chunk = chunkOf(total, nt);
  for (let r0 = claim(chunk); r0 < total; r0 = claim(chunk)) {
    const r1 = min(total, r0 + chunk);
    for (let r = r0; r < r1; r++) {
      const p = padded + <usize> (r / h) * img + <usize> (r % h + pad) * prow + <usize> pad * cb;
      const d = dense + <usize> r * rowBytes;
      if (toPadded) memory.copy(p, d, rowBytes);
      else memory.copy(d, p, rowBytes);
    }
  }
}

/**
 * Per-channel sums of dense [rows, c] data for batch norm: Σy and, when x ≠ 0, Σx·y, in
 * f64, in PARTS fixed row ranges claimed by any thread; part p writes f64[2c] at
 * sums + p·c·16 (Σy, then Σx·y), so the sums do not depend on the thread count.
 */
export function channelMoments(
  x: usize,
  y: usize,
  rows: i32,
  c: i32,
  sums: usize,
  tid: i32,
  nt: i32,
): void {
  const bytes = <usize> c << 4;
  for (let p = claim(1); p < PARTS; p = claim(1)) {
    const at = sums + <usize> p * bytes;
    memory.fill(at, 0, bytes);
    const range = partRange(rows, p);
    sumRows(x, y, <i32> range, <i32> (range >> 32), c, at, at + (<usize> c << 3));
  }
}

/** out = a·x + b·y + c0 per channel over dense [rows, c] data (y = 0: no y term). */
export function channelAffine(
  out: usize,
  x: usize,
  y: usize,
  rows: i32,
  c: i32,
  a: usize,
  b: usize,
  c0: usize,
  tid: i32,
  nt: i32,
): void {
  const chunk = max(64, chunkOf(rows, nt));
  for (let r0 = claim(chunk); r0 < rows; r0 = claim(chunk)) {
    affineRows(out, x, y, r0, min(rows, r0 + chunk), c, a, b, c0);
  }
}
