/**
 * Buffers on the thread pool's shared memory (kernels/threads/pool.ts) for the conv-RNN:
 * NHWC images with a zero border of `pad` pixels, laid out one after another, and copies
 * between them and tfjs tensors.
 *
 * @module
 */
import { HEAP_BASE, reserve, runJob, sharedMemory } from "../threads/pool.ts";

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

/** Bytes of one padded image. */
export function imageBytes(b: Padded): number {
  return (b.h + 2 * b.pad) * (b.w + 2 * b.pad) * b.c * 4;
}

/** The same geometry `images` images further on, holding `n` images. */
export function shift(b: Padded, images: number, n = b.n - images): Padded {
  return { ...b, at: b.at + images * imageBytes(b), n };
}

/** Lays out buffers one after another (64-byte aligned) and grows the memory to fit. */
export class Layout {
  private end = HEAP_BASE;

  /** A padded batch. */
  padded(n: number, h: number, w: number, c: number, pad: number): Padded {
    const b = { at: this.end, n, h, w, c, pad };
    this.end += Math.ceil(n * imageBytes(b) / 64) * 64;
    return b;
  }

  /** Plain floats. */
  floats(count: number): number {
    const at = this.end;
    this.end += Math.ceil(count * 4 / 64) * 64;
    return at;
  }

  /** Grows the shared memory to hold everything laid out so far. */
  commit(): Float32Array {
    reserve(this.end - HEAP_BASE);
    return new Float32Array(sharedMemory().buffer);
  }
}

/** Dense floats a padded batch holds (n·h·w·c). */
export function denseSize(b: Padded): number {
  return b.n * b.h * b.w * b.c;
}

/**
 * Copies `src` (n·h·w·c floats) into `b` through the dense `staging` area (one bulk copy,
 * then the padding on all threads).
 */
export function stageIn(b: Padded, src: Float32Array, staging: number): void {
  new Float32Array(sharedMemory().buffer).set(src.subarray(0, denseSize(b)), staging / 4);
  runJob("repad", [staging, b.at, b.c, b.pad, b.n, b.h, b.w, 0]);
}

/** Copies the interior of `b` into `dst` through the dense `staging` area. */
export function stageOut(b: Padded, staging: number, dst: Float32Array): void {
  runJob("repad", [b.at, staging, b.c, b.pad, b.n, b.h, b.w, 1]);
  const n = denseSize(b);
  dst.set(new Float32Array(sharedMemory().buffer, staging, n));
}

/** Zeroes the border of `b` on all threads (its interior is written by a kernel). */
export function clearBorder(b: Padded): void {
  runJob("repad", [0, b.at, b.c, b.pad, b.n, b.h, b.w, 2]);
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
