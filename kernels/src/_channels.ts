// Per-channel passes over [rows, c] float32 data (c a multiple of 4, channels innermost),
// shared by the single-threaded module on tfjs's heap (conv_rnn.ts) and the thread jobs
// (_conv_rows.ts).

// sumY[k] += Σ y[r, k] and, when x ≠ 0, sumXY[k] += Σ x[r, k]·y[r, k], over rows r0 … r1 − 1,
// summed in f64 (sumY, sumXY: f64[c]). One sweep (channels innermost): the data is read once.
// @ts-ignore: decorator
@inline export function sumRows(
  x: usize,
  y: usize,
  r0: i32,
  r1: i32,
  c: i32,
  sumY: usize,
  sumXY: usize,
): void {
  const rowBytes = <usize> c << 2;
  for (let r = r0; r < r1; r++) {
    const base = <usize> r * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 16) {
      const yv = v128.load(y + base + k);
      const d = k << 1; // f64 offset of channel k/4
      v128.store(sumY + d, f64x2.add(v128.load(sumY + d), f64x2.promote_low_f32x4(yv)));
      v128.store(
        sumY + d + 16,
        f64x2.add(
          v128.load(sumY + d + 16),
          f64x2.promote_low_f32x4(i32x4.shuffle(yv, yv, 2, 3, 0, 1)),
        ),
      );
      if (x != 0) {
        const p = f32x4.mul(v128.load(x + base + k), yv);
        v128.store(sumXY + d, f64x2.add(v128.load(sumXY + d), f64x2.promote_low_f32x4(p)));
        v128.store(
          sumXY + d + 16,
          f64x2.add(
            v128.load(sumXY + d + 16),
            f64x2.promote_low_f32x4(i32x4.shuffle(p, p, 2, 3, 0, 1)),
          ),
        );
      }
    }
  }
}

// out[r, k] = a[k]·x[r, k] + b[k]·y[r, k] + c0[k] (y = 0: no y term) for rows r0 … r1 − 1.
// @ts-ignore: decorator
@inline export function affineRows(
  out: usize,
  x: usize,
  y: usize,
  r0: i32,
  r1: i32,
  c: i32,
  a: usize,
  b: usize,
  c0: usize,
): void {
  const rowBytes = <usize> c << 2;
  for (let r = r0; r < r1; r++) {
    const base = <usize> r * rowBytes;
    for (let k: usize = 0; k < rowBytes; k += 16) {
      let v = f32x4.add(f32x4.mul(v128.load(x + base + k), v128.load(a + k)), v128.load(c0 + k));
      if (y != 0) v = f32x4.add(v, f32x4.mul(v128.load(y + base + k), v128.load(b + k)));
      v128.store(out + base + k, v);
    }
  }
}
