// asc-flags: --importMemory
// Layout changes for the conv gradients, on tfjs's own WASM heap (imported memory; no
// static data). tfjs's generic Transpose walks every element with div/mod index maths;
// these two are the only permutations the gradients need.

// dst[k, j, i] = src[i, j, k] for src [n, m, c] (permutation [2, 1, 0]).
export function transpose021(src: usize, dst: usize, n: i32, m: i32, c: i32): void {
  // Tiles of 4 rows (i) × 4 channels (k): four loads, a 4×4 transpose, four stores.
  const n4 = n & ~3, c4 = c & ~3;
  const sRow = <usize> m * <usize> c << 2; // bytes between i and i+1 in src
  const dRow = <usize> m * <usize> n << 2; // bytes between k and k+1 in dst
  for (let j = 0; j < m; j++) {
    const s0 = src + (<usize> j * <usize> c << 2), d0 = dst + (<usize> j * <usize> n << 2);
    let i = 0;
    for (; i < n4; i += 4) {
      const si = s0 + <usize> i * sRow;
      let k = 0;
      for (; k < c4; k += 4) {
        const a = v128.load(si + (<usize> k << 2));
        const b = v128.load(si + sRow + (<usize> k << 2));
        const cc = v128.load(si + 2 * sRow + (<usize> k << 2));
        const d = v128.load(si + 3 * sRow + (<usize> k << 2));
        const ab0 = i32x4.shuffle(a, b, 0, 4, 1, 5), ab1 = i32x4.shuffle(a, b, 2, 6, 3, 7);
        const cd0 = i32x4.shuffle(cc, d, 0, 4, 1, 5), cd1 = i32x4.shuffle(cc, d, 2, 6, 3, 7);
        const di = d0 + (<usize> i << 2) + <usize> k * dRow;
        v128.store(di, i64x2.shuffle(ab0, cd0, 0, 2));
        v128.store(di + dRow, i64x2.shuffle(ab0, cd0, 1, 3));
        v128.store(di + 2 * dRow, i64x2.shuffle(ab1, cd1, 0, 2));
        v128.store(di + 3 * dRow, i64x2.shuffle(ab1, cd1, 1, 3));
      }
      for (; k < c; k++) {
        for (let ii = i; ii < i + 4; ii++) {
          store<f32>(
            d0 + (<usize> ii << 2) + <usize> k * dRow,
            load<f32>(s0 + <usize> ii * sRow + (<usize> k << 2)),
          );
        }
      }
    }
    for (; i < n; i++) {
      for (let k = 0; k < c; k++) {
        store<f32>(
          d0 + (<usize> i << 2) + <usize> k * dRow,
          load<f32>(s0 + <usize> i * sRow + (<usize> k << 2)),
        );
      }
    }
  }
}

// dst[j, i, k] = src[i, j, k] for src [n, m, c] (permutation [1, 0, 2]): moves rows of c.
export function transpose102(src: usize, dst: usize, n: i32, m: i32, c: i32): void {
  const rowBytes = <usize> c << 2;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      memory.copy(
        dst + (<usize> j * <usize> n + <usize> i) * rowBytes,
        src + (<usize> i * <usize> m + <usize> j) * rowBytes,
        rowBytes,
      );
    }
  }
}
