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
import { type Layout, packFilter, packWinograd, sumParts } from "./_padded.ts";

let winogradOn = true;

/** Turns the Winograd path off (or back on), for benchmarks that compare the two. */
export function useWinograd(on: boolean): void {
  winogradOn = on;
}

function winogradFits(k: number, inC: number, outC: number, h: number, w: number): boolean {
  return winogradOn && k === 3 && h % 2 === 0 && w % 2 === 0 && inC % 4 === 0 &&
    outC % 8 === 0 && Math.min(inC, outC) >= 16;
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
    this.winograd = winogradFits(k, this.inC, this.outC, h, w);
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

/**
 * The filter gradient dw [k, k, cin, cout] of a 'same' conv, planned like {@link ConvPlan}:
 * in the Winograd domain (dU = Σ V ⊙ A g Aᵀ, then dw = Gᵀ dU G) where Winograd fits, else
 * the direct kernel. Each thread accumulates its own partial; `read` adds them up.
 */
export class FilterGradPlan {
  readonly winograd: boolean;
  private readonly parts: number;
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
    this.winograd = winogradFits(k, cin, cout, h, w);
    this.parts = poolInfo().threads;
    this.size = (this.winograd ? 16 : k * k) * cin * cout;
    this.at = lay.floats(this.parts * this.size);
    this.scratch = this.winograd ? lay.floats(this.parts * 16 * (w / 2) * (cin + cout)) : 0;
  }

  /** Zeroes the partials (after the layout is committed). */
  clear(heap: Float32Array): void {
    heap.fill(0, this.at / 4, this.at / 4 + this.parts * this.size);
  }

  /** Adds the gradient over n images of x (padded by (k−1)/2) and g (padded by gPad). */
  run(x: number, g: number, gPad: number, n: number, h: number, w: number): void {
    const common = [x, this.cin, g, this.cout, gPad, this.at, n, h, w];
    if (this.winograd) runJob("winogradFilterGrad", [...common, this.scratch]);
    else runJob("filterGrad", [...common, this.k]);
  }

  /** Writes dw [k, k, cin, cout] into `dst`. */
  read(heap: Float32Array, dst: Float32Array): void {
    if (!this.winograd) {
      sumParts(heap, this.at, this.size, this.parts, dst);
      return;
    }
    const du = new Float32Array(this.size);
    sumParts(heap, this.at, this.size, this.parts, du);
    winogradFilterBack(du, this.cin, this.cout, dst);
  }
}

/** dw = Gᵀ dU G for every (ci, co): dU [16, cin, cout] → dw [3, 3, cin, cout]. */
export function winogradFilterBack(
  du: Float32Array,
  cin: number,
  cout: number,
  dw: Float32Array,
): void {
  const G = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]];
  const cc = cin * cout, m = new Float64Array(16), t = new Float64Array(12);
  for (let i = 0; i < cc; i++) {
    for (let e = 0; e < 16; e++) m[e] = du[e * cc + i];
    for (let p = 0; p < 3; p++) {
      for (let j = 0; j < 4; j++) {
        let v = 0;
        for (let r = 0; r < 4; r++) v += G[r][p] * m[4 * r + j];
        t[4 * p + j] = v;
      }
    }
    for (let p = 0; p < 3; p++) {
      for (let q = 0; q < 3; q++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += t[4 * p + j] * G[j][q];
        dw[(3 * p + q) * cc + i] = v;
      }
    }
  }
}
