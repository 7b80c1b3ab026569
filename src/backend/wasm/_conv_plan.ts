/**
 * One 'same' k×k convolution of the threaded conv-RNN, planned once per kernel call:
 * Winograd where it wins (3×3 filters, ≥ 16 channels in and out; F(4×4, 3×3) when both
 * sides are multiples of 4, else F(2×2, 3×3) when they are even), the direct
 * register-blocked conv otherwise. Lay it out, commit the layout, pack the filter, then
 * run it any number of times.
 *
 * @module
 */
import { type Job, poolInfo, runJob } from "./threads/pool.ts";
import { type Layout, packFilter, sumParts } from "./_padded.ts";
import {
  domainSize,
  F2,
  F4,
  packWinogradFilter,
  scratchFloats,
  winogradFilterBack,
  type WinogradVariant,
} from "./_winograd.ts";

/**
 * Partial sums of every filter-gradient job (PARTS in kernels/src/_conv_shared.ts): fixed
 * row ranges, claimed by whichever thread is free, so the sum never depends on timing or
 * on the thread count.
 */
export const FILTER_GRAD_PARTS = 8;

/** The largest Winograd tile the planner may use: 0 (none: direct only), 2 or 4. */
export type WinogradTile = 0 | 2 | 4;
let largest: WinogradTile = 4;

/** Limits the Winograd variants the planner picks (for benchmarks that compare them). */
export function useWinograd(tile: WinogradTile): void {
  largest = tile;
}

/** The Winograd variant for this conv, or null for the direct kernel. */
export function winogradFor(
  k: number,
  inC: number,
  outC: number,
  h: number,
  w: number,
): WinogradVariant | null {
  if (k !== 3 || inC % 4 !== 0 || outC % 8 !== 0 || Math.min(inC, outC) < 16) return null;
  if (largest >= 4 && h % 4 === 0 && w % 4 === 0) return F4;
  if (largest >= 2 && h % 2 === 0 && w % 2 === 0) return F2;
  return null;
}

/** A planned convolution with filter [k, k, cin, cout] (or its input-gradient filter). */
export class ConvPlan {
  /** Channels the conv reads and writes (swapped for the input-gradient filter). */
  readonly inC: number;
  readonly outC: number;
  readonly winograd: WinogradVariant | null;
  private readonly filterAt: number;
  private readonly scratch: number;

  constructor(
    lay: Layout,
    private readonly k: number,
    private readonly cin: number,
    private readonly cout: number,
    h: number,
    w: number,
    private readonly flip = false,
  ) {
    [this.inC, this.outC] = flip ? [cout, cin] : [cin, cout];
    const v = this.winograd = winogradFor(k, this.inC, this.outC, h, w);
    this.filterAt = lay.floats((v ? domainSize(v) : k * k) * cin * cout);
    this.scratch = v
      ? lay.floats(poolInfo().threads * scratchFloats(v, h, w, this.inC, this.outC))
      : 0;
  }

  /** Writes the filter (after the layout is committed). */
  pack(heap: Float32Array, filter: Float32Array): void {
    const v = this.winograd;
    if (v) packWinogradFilter(v, heap, this.filterAt, filter, this.cin, this.cout, this.flip);
    else packFilter(heap, this.filterAt, filter, this.k, this.cin, this.cout, this.flip);
  }

  /**
   * Whether `run` can read its input unpadded (`xPad` 0): only F(4×4, 3×3) can; the
   * others need a border of (k − 1)/2.
   */
  get readsUnpadded(): boolean {
    return this.winograd === F4;
  }

  /**
   * Runs on all threads: input x padded by `xPad` ((k − 1)/2, or 0 where
   * `readsUnpadded`), output `out` (see `conv`); `meanwhile` as in `runJob`.
   */
  run(
    x: number,
    xPad: number,
    out: number,
    outPad: number,
    bias: number,
    aux: number,
    mode: number,
    n: number,
    h: number,
    w: number,
    meanwhile?: () => void,
  ): void {
    const rest = [this.inC, this.filterAt, this.outC, out, outPad, bias, aux, mode, n, h, w];
    const last = this.winograd ? this.scratch : this.k;
    const job = this.winograd?.conv ?? "conv";
    runPlanned(job, this.readsUnpadded, x, xPad, this.k, [...rest, last], meanwhile);
  }
}

/**
 * Runs a planned conv or filter-gradient job on all threads: x's padding follows x where
 * the kernel reads either (`unpadded`: F(4×4, 3×3)); the others read x padded by (k − 1)/2.
 */
function runPlanned(
  job: Job,
  unpadded: boolean,
  x: number,
  xPad: number,
  k: number,
  rest: number[],
  meanwhile?: () => void,
): void {
  if (!unpadded && xPad !== (k - 1) >> 1) {
    throw new Error(`this conv reads its input padded by ${(k - 1) >> 1}`);
  }
  runJob(job, unpadded ? [x, xPad, ...rest] : [x, ...rest], meanwhile);
}

/**
 * The filter gradient dw [k, k, cin, cout] of a 'same' conv, planned like {@link ConvPlan}:
 * in the Winograd domain (dU = Σ V ⊙ A g Aᵀ, then dw = Gᵀ dU G) where Winograd fits, else
 * the direct kernel, into {@link FILTER_GRAD_PARTS} partials that `read` adds up.
 */
export class FilterGradPlan {
  readonly winograd: WinogradVariant | null;
  private readonly size: number;
  private readonly at: number;
  private readonly scratch: number;

  constructor(
    lay: Layout,
    private readonly k: number,
    private readonly cin: number,
    private readonly cout: number,
    h: number,
    w: number,
  ) {
    const v = this.winograd = winogradFor(k, cin, cout, h, w);
    this.size = (v ? domainSize(v) : k * k) * cin * cout;
    this.at = lay.floats(FILTER_GRAD_PARTS * this.size);
    this.scratch = v ? lay.floats(poolInfo().threads * scratchFloats(v, h, w, cin, cout, true)) : 0;
  }

  /** Zeroes the partials (after the layout is committed). */
  clear(heap: Float32Array): void {
    heap.fill(0, this.at / 4, this.at / 4 + FILTER_GRAD_PARTS * this.size);
  }

  /** As {@link ConvPlan.readsUnpadded}. */
  get readsUnpadded(): boolean {
    return this.winograd === F4;
  }

  /**
   * Adds the gradient over n images of x (padded by `xPad`: (k−1)/2, or 0 where
   * `readsUnpadded`) and g (padded by gPad); `meanwhile` as in `runJob`.
   */
  run(
    x: number,
    xPad: number,
    g: number,
    gPad: number,
    n: number,
    h: number,
    w: number,
    meanwhile?: () => void,
  ): void {
    const rest = [this.cin, g, this.cout, gPad, this.at, n, h, w];
    const last = this.winograd ? this.scratch : this.k;
    const job = this.winograd?.filterGrad ?? "filterGrad";
    runPlanned(job, this.readsUnpadded, x, xPad, this.k, [...rest, last], meanwhile);
  }

  /** Writes dw [k, k, cin, cout] into `dst`. */
  read(heap: Float32Array, dst: Float32Array): void {
    if (!this.winograd) {
      sumParts(heap, this.at, this.size, FILTER_GRAD_PARTS, dst);
      return;
    }
    const du = new Float32Array(this.size);
    sumParts(heap, this.at, this.size, FILTER_GRAD_PARTS, du);
    winogradFilterBack(this.winograd, du, this.cin, this.cout, dst);
  }
}
