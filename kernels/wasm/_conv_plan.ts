/**
 * One 'same' k×k convolution of the threaded conv-RNN, planned once per kernel call: the
 * Winograd F(2×2, 3×3) job where it wins (3×3 filters, even sizes, ≥ 16 channels in and
 * out: measured 1.5× over the direct kernel at 32 channels, 1.14× at 16, slower at 8), the
 * direct register-blocked conv otherwise. Lay it out, commit the layout, pack the filter,
 * then run it any number of times.
 *
 * @module
 */
import { poolInfo, runJob } from "../threads/pool.ts";
import { type Layout, packFilter, packWinograd } from "./_padded.ts";

let winogradOn = true;

/** Turns the Winograd path off (or back on), for benchmarks that compare the two. */
export function useWinograd(on: boolean): void {
  winogradOn = on;
}

/** A planned convolution with filter [k, k, cin, cout] (or its input-gradient filter). */
export class ConvPlan {
  /** Channels the conv reads and writes (swapped for the input-gradient filter). */
  readonly inC: number;
  readonly outC: number;
  readonly winograd: boolean;
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
    this.winograd = winogradOn && k === 3 && h % 2 === 0 && w % 2 === 0 &&
      this.inC % 4 === 0 && Math.min(this.inC, this.outC) >= 16;
    this.filterAt = lay.floats((this.winograd ? 16 : k * k) * cin * cout);
    const perThread = 16 * (w / 2) * (this.inC + this.outC);
    this.scratch = this.winograd ? lay.floats(poolInfo().threads * perThread) : 0;
  }

  /** Writes the filter (after the layout is committed). */
  pack(heap: Float32Array, filter: Float32Array): void {
    if (this.winograd) {
      packWinograd(heap, this.filterAt, filter, this.cin, this.cout, this.flip);
    } else packFilter(heap, this.filterAt, filter, this.k, this.cin, this.cout, this.flip);
  }

  /** Runs on all threads: input x (padded by 1 for k = 3), output `out` (see `conv`). */
  run(
    x: number,
    out: number,
    outPad: number,
    bias: number,
    aux: number,
    mode: number,
    n: number,
    h: number,
    w: number,
  ): void {
    const common = [x, this.inC, this.filterAt, this.outC, out, outPad, bias, aux, mode, n, h, w];
    if (this.winograd) runJob("winograd", [...common, this.scratch]);
    else runJob("conv", [...common, this.k]);
  }
}
