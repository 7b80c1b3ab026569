/**
 * The per-channel passes of batch norm on tfjs's heap: on all kernel threads when tfjs runs
 * on the pool's memory (src/backend/wasm/threads/tfjs_heap.ts), else with the single-threaded SIMD
 * module (./_simd.ts). Same arguments and results either way.
 *
 * @module
 */
import { runJob } from "./threads/pool.ts";
import { FILTER_GRAD_PARTS } from "./_conv_plan.ts";
import { f64At, scratch, simd } from "./_simd.ts";
import { onPool, type WasmBackend } from "./_util.ts";

/**
 * sumY[k] += Σ y[r, k] and, when x ≠ 0, sumXY[k] += Σ x[r, k]·y[r, k] over [rows, c] tensors
 * (byte offsets; sums: f64[c] at byte offsets). On threads the rows are summed in fixed
 * parts, then the parts in order: the sums do not depend on the thread count.
 */
export function channelSums(
  backend: WasmBackend,
  x: number,
  y: number,
  rows: number,
  c: number,
  sumY: number,
  sumXY: number,
): void {
  if (!onPool(backend)) {
    simd(backend).channelSums(x, y, rows, c, sumY, sumXY);
    return;
  }
  const parts = FILTER_GRAD_PARTS, s = scratch(backend, parts * c * 16);
  try {
    runJob("channelMoments", [x, y, rows, c, s.at]);
    const sums = f64At(backend, s.at, parts * 2 * c), sy = f64At(backend, sumY, c);
    const sxy = x ? f64At(backend, sumXY, c) : null;
    for (let p = 0; p < parts; p++) {
      for (let i = 0; i < c; i++) {
        sy[i] += sums[p * 2 * c + i];
        if (sxy) sxy[i] += sums[p * 2 * c + c + i];
      }
    }
  } finally {
    s.free();
  }
}

/** out = a·x + b·y + c0 per channel over [rows, c] tensors (y = 0: no y term). */
export function channelAffine(
  backend: WasmBackend,
  out: number,
  x: number,
  y: number,
  rows: number,
  c: number,
  a: number,
  b: number,
  c0: number,
): void {
  if (onPool(backend)) runJob("channelAffine", [out, x, y, rows, c, a, b, c0]);
  else simd(backend).channelAffine(out, x, y, rows, c, a, b, c0);
}
