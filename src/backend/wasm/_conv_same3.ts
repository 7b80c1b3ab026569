/**
 * Stride-1 'same' 3×3 convolutions (ResNet blocks, not only the conv-RNN) on our threaded
 * F(4×4, 3×3) Winograd kernels, in place on tfjs's tensors: the forward conv, its input
 * gradient (the flipped filter) and its filter gradient, each one job over all threads.
 * XNNPACK runs them on one thread under Deno; these use every kernel thread. Used only where
 * F(4×4, 3×3) fits (sides multiples of 4, ≥ 16 channels, multiples of 8) and tfjs shares
 * the pool's memory, so that no tensor is copied; the callers fall back otherwise.
 *
 * @module
 */
import { Layout } from "./_padded.ts";
import { ConvPlan, FilterGradPlan } from "./_conv_plan.ts";
import { F4 } from "./_winograd.ts";
import { dataOf, f32, type Info, onPool, type WasmBackend } from "./_util.ts";

const STORE = 0;

/** Conv attributes the kernels receive (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter). */
export interface ConvAttrs {
  /** Stride (one for both axes, or [rows, columns]). */
  strides: number | [number, number];
  /** Padding: only 'same' runs here. */
  pad: unknown;
  /** Dilation (Conv2D only). */
  dilations?: number | [number, number];
  /** Only NHWC runs here. */
  dataFormat?: string;
}

const ones = (v: number | [number, number] | undefined) =>
  v === undefined || v === 1 || (Array.isArray(v) && v[0] === 1 && v[1] === 1);

/**
 * Whether a conv of x [n, h, w, cin] with filter [kh, kw, cin, cout] runs here: 3×3,
 * stride 1, no dilation, 'same', NHWC, F(4×4, 3×3) in both directions (cin and cout
 * multiples of 8, both ≥ 16, sides multiples of 4), tfjs on the pool's memory.
 */
export function same3Fits(
  backend: WasmBackend,
  xShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
): boolean {
  const [, h, w, cin] = xShape, [kh, kw, , cout] = filterShape;
  return kh === 3 && kw === 3 && attrs.pad === "same" && ones(attrs.strides) &&
    ones(attrs.dilations) && (attrs.dataFormat ?? "NHWC") === "NHWC" &&
    h % 4 === 0 && w % 4 === 0 && cin % 8 === 0 && cout % 8 === 0 &&
    Math.min(cin, cout) >= 16 && onPool(backend);
}

/** y = conv(x, w), or with `flip` dx = conv(dy, flipped wᵀ) (the input gradient). */
export function same3Conv(backend: WasmBackend, x: Info, filter: Info, flip: boolean): Info {
  const [n, h, w] = x.shape, [, , cin, cout] = filter.shape;
  const out = backend.makeOutput([n, h, w, flip ? cin : cout], "float32");
  const lay = new Layout();
  const plan = new ConvPlan(lay, 3, cin, cout, h, w, flip);
  if (plan.winograd !== F4) throw new Error("same3Conv: F(4×4, 3×3) does not fit");
  const heap = lay.commit();
  plan.pack(heap, f32(backend, filter));
  plan.run(
    dataOf(backend, x) as number,
    0,
    dataOf(backend, out) as number,
    0,
    0,
    0,
    STORE,
    n,
    h,
    w,
  );
  return out;
}

/** dw [3, 3, cin, cout] of y = conv(x, w) from x and dy. */
export function same3FilterGrad(backend: WasmBackend, x: Info, dy: Info): Info {
  const [n, h, w, cin] = x.shape, cout = dy.shape[3];
  const out = backend.makeOutput([3, 3, cin, cout], "float32");
  const lay = new Layout();
  const plan = new FilterGradPlan(lay, 3, cin, cout, h, w);
  if (plan.winograd !== F4) throw new Error("same3FilterGrad: F(4×4, 3×3) does not fit");
  let heap = lay.commit();
  plan.clear(heap);
  plan.run(dataOf(backend, x) as number, 0, dataOf(backend, dy) as number, 0, n, h, w);
  heap = lay.commit();
  plan.read(heap, f32(backend, out));
  return out;
}
