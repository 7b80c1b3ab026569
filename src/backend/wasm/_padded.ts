/**
 * Buffers on the thread pool's shared memory (src/backend/wasm/threads/pool.ts) for the conv-RNN:
 * NHWC images with a zero border of `pad` pixels, laid out one after another, and copies
 * between them and tfjs tensors.
 *
 * @module
 */
import { heapAlloc, restartHeap, runJob, sharedMemory } from "./threads/pool.ts";

/** Geometry of a padded batch: n images of h × w × c with a border of `pad`. */
export interface Padded {
  /** Byte offset in the shared memory. */
  at: number;
  n: number;
  h: number;
  w: number;
  c: number;
  pad: number;
}

/**
 * A tfjs tensor's data for our kernels: a view of it, or, when tfjs runs on the pool's
 * memory (`onHostHeap`), its byte offset there, so that jobs copy it on all threads.
 */
export type Data = Float32Array | number;

/** Bytes of one padded image. */
export function imageBytes(b: Padded): number {
  return (b.h + 2 * b.pad) * (b.w + 2 * b.pad) * b.c * 4;
}

/** The same geometry `images` images further on, holding `n` images. */
export function shift(b: Padded, images: number, n = b.n - images): Padded {
  return { ...b, at: b.at + images * imageBytes(b), n };
}

/**
 * Buffers for one kernel call on the pool's memory (64-byte aligned; see `heapAlloc`):
 * creating a layout frees the previous one's buffers, so only one is in use at a time.
 */
export class Layout {
  constructor() {
    restartHeap();
  }

  /** A padded batch. */
  padded(n: number, h: number, w: number, c: number, pad: number): Padded {
    const b = { at: 0, n, h, w, c, pad };
    b.at = heapAlloc(n * imageBytes(b));
    return b;
  }

  /** Plain floats. */
  floats(count: number): number {
    return heapAlloc(count * 4);
  }

  /** A view of the whole memory, taken after the buffers were allocated. */
  commit(): Float32Array {
    return new Float32Array(sharedMemory().buffer);
  }
}

/**
 * Calls `copy(dense, padded, floats)` for each run of interior floats of `b` (offsets in
 * floats: into a dense n·h·w·c array and into the shared memory): one run per image row,
 * or a single one when there is no border.
 */
function interiorRuns(b: Padded, copy: (dense: number, padded: number, floats: number) => void) {
  const { n, h, w, c, pad } = b;
  if (pad === 0) return copy(0, b.at / 4, n * h * w * c);
  const row = w * c, paddedRow = (w + 2 * pad) * c;
  let dense = 0;
  for (let i = 0; i < n; i++) {
    let at = b.at / 4 + ((i * (h + 2 * pad) + pad) * (w + 2 * pad) + pad) * c;
    for (let y = 0; y < h; y++, dense += row, at += paddedRow) copy(dense, at, row);
  }
}

/**
 * Copies `src` (n·h·w·c floats) into the interior of `b` and zeroes its border: one copy
 * per image row, straight from the source (a staged bulk copy plus a padding pass was
 * 1.3–1.5× slower, measured).
 */
export function stageIn(b: Padded, src: Data): void {
  if (b.pad > 0) clearBorder(b);
  if (typeof src === "number") runJob("padCopy", [src, b.at, b.c, b.pad, b.n, b.h, b.w, 1]);
  else copyInterior(b, src);
}

/** Copies `src` into the interior of `b` (its border untouched), one image row at a time. */
export function copyInterior(b: Padded, src: Float32Array): void {
  const heap = new Float32Array(sharedMemory().buffer);
  interiorRuns(b, (dense, at, floats) => heap.set(src.subarray(dense, dense + floats), at));
}

/** Copies the interior of `b` into `dst` (n·h·w·c floats), one image row at a time. */
export function stageOut(b: Padded, dst: Data): void {
  if (typeof dst === "number") {
    runJob("padCopy", [dst, b.at, b.c, b.pad, b.n, b.h, b.w, 0]);
    return;
  }
  const heap = new Float32Array(sharedMemory().buffer);
  interiorRuns(b, (dense, at, floats) => dst.set(heap.subarray(at, at + floats), dense));
}

/** Zeroes the border of `b` on all threads (its interior is written by a kernel). */
export function clearBorder(b: Padded): void {
  runJob("clearBorder", [b.at, b.c, b.pad, b.n, b.h, b.w]);
}

/**
 * Packs a conv filter w [k, k, cin, cout] for the conv kernel: panels of 8 output
 * channels, [cout/8, k·k·cin, 8]. With `flip`, packs the filter of the conv's input
 * gradient instead: w'[ky, kx, co, ci] = w[k−1−ky, k−1−kx, ci, co] (spatially flipped,
 * in/out swapped; its output channels are cin).
 */
export function packFilter(
  heap: Float32Array,
  at: number,
  w: Float32Array,
  k: number,
  cin: number,
  cout: number,
  flip = false,
): void {
  const [inC, outC] = flip ? [cout, cin] : [cin, cout];
  const rows = k * k * inC;
  let o = at / 4;
  for (let j = 0; j < outC; j += 8) {
    for (let r = 0; r < rows; r++) {
      const tap = Math.floor(r / inC), i = r % inC;
      for (let q = j; q < j + 8; q++) {
        heap[o++] = flip
          ? w[(k * k - 1 - tap) * cin * cout + q * cout + i]
          : w[tap * cin * cout + i * cout + q];
      }
    }
  }
}

/** Sums `parts` consecutive partial results of `size` floats at `at` into `dst`. */
export function sumParts(
  heap: Float32Array,
  at: number,
  size: number,
  parts: number,
  dst: Float32Array,
): void {
  const base = at / 4;
  for (let i = 0; i < size; i++) {
    let s = 0;
    for (let p = 0; p < parts; p++) s += heap[base + p * size + i];
    dst[i] = s;
  }
}
