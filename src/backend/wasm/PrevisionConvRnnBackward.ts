/**
 * PrevisionConvRnnBackward (wasm): backpropagation through time of
 * {@link ./PrevisionConvRnnForward.ts}. Given dL/dh_t for every step (dH) it walks back
 * once, a_t-gradients dA_t = (dH_t + carry)·(1 − h_t²) in one SIMD pass and the carry as
 * one input-gradient conv per step; then the weight gradients are three large convs over
 * all steps at once (dWx from x and dA, dWh from h_{0..T−2} and dA_{1..T−1}, dx from dA)
 * instead of one per step. Outputs [dx, dWx, db, dWh]; with attr `inputGrad: false` dx is
 * zeros (for a layer fed with data).
 *
 * @module
 */
import { tf } from "../tf.ts";
import { inputGradAsConv } from "./_conv.ts";
import { f32At, f64At, ptr, release, scratch, simd, view } from "./_simd.ts";
import { dataOf, f32, free, type Info, type WasmBackend } from "./_util.ts";
import { channelSums } from "./_channels.ts";
import { conv2DBackpropFilter } from "./Conv2DBackpropFilter.ts";
import { conv2DBackpropInput, flipTranspose } from "./Conv2DBackpropInput.ts";
import { rnnBackward, threadedRnnFits } from "./_conv_rnn_threads.ts";
import { sameSquare } from "./PrevisionConvRnnForward.ts";

const SAME = { strides: [1, 1], pad: "same", dataFormat: "NHWC" };

function filterGrad(backend: WasmBackend, x: Info, dy: Info, filterShape: number[]): Info {
  return conv2DBackpropFilter({ inputs: { x, dy }, backend, attrs: { ...SAME, filterShape } });
}

function convRnnBackward(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info[] {
  const backend = args.backend as WasmBackend;
  const { dh, x, wx, wh, h } = args.inputs;
  const frames = args.attrs.frames as number;
  const [tb, height, width, c] = h.shape;
  const batch = tb / frames, rows = batch * height * width, block = rows * c;
  const inputGrad = args.attrs.inputGrad !== false;
  const shape = { frames, batch, h: height, w: width, cin: x.shape[3], c, k: wh.shape[0] };
  if (threadedRnnFits(shape, inputGrad) && sameSquare(wx, wh)) {
    const get = (i: Info) => f32(backend, i);
    let outs: Info[] = [];
    const data = (i: Info) => dataOf(backend, i);
    rnnBackward(
      shape,
      { dh: data(dh), x: data(x), h: data(h), wx: get(wx), wh: get(wh) },
      inputGrad,
      () => {
        outs = [x.shape, wx.shape, [c], wh.shape].map((s) => backend.makeOutput(s, "float32"));
        const [dwx, db, dwh] = outs.slice(1).map(get);
        if (!inputGrad) get(outs[0]).fill(0);
        return { dx: inputGrad ? data(outs[0]) : null, dwx, db, dwh };
      },
    );
    return outs;
  }
  const k = simd(backend);
  const da = backend.makeOutput(h.shape, "float32");
  const flipped = flipTranspose(backend, wh);
  const info = tf.backend_util.computeConv2DInfo(
    [batch, height, width, c],
    wh.shape as [number, number, number, number],
    1,
    1,
    "same",
  );
  let carry: Info | null = null;
  for (let t = frames - 1; t >= 0; t--) {
    const off = t * block * 4;
    k.tanhBackward(
      ptr(backend, da) + off,
      ptr(backend, dh) + off,
      carry ? ptr(backend, carry) : 0,
      ptr(backend, h) + off,
      block,
    );
    if (carry) free(backend, carry);
    carry = null;
    if (t > 0) {
      const v = view(backend, da, off, [batch, height, width, c]);
      carry = inputGradAsConv(backend, v, flipped, info, "Conv2D");
      release(backend, v);
    }
  }
  free(backend, flipped);

  const db = backend.makeOutput([c], "float32");
  const sums = scratch(backend, c * 8);
  f64At(backend, sums.at, c).fill(0);
  channelSums(backend, 0, ptr(backend, da), tb * height * width, c, sums.at, 0);
  f32(backend, db).set(f64At(backend, sums.at, c));
  sums.free();

  const dwx = filterGrad(backend, x, da, wx.shape);
  let dwh: Info;
  if (frames > 1) {
    const shape = [(frames - 1) * batch, height, width, c];
    const hv = view(backend, h, 0, shape), dv = view(backend, da, block * 4, shape);
    dwh = filterGrad(backend, hv, dv, wh.shape);
    release(backend, hv);
    release(backend, dv);
  } else {
    dwh = backend.makeOutput(wh.shape, "float32");
    f32At(backend, ptr(backend, dwh), wh.shape.reduce((a, b) => a * b, 1)).fill(0);
  }
  let dx: Info;
  if (!inputGrad) { // x is data: its gradient is never used
    dx = backend.makeOutput(x.shape, "float32");
    f32(backend, dx).fill(0);
  } else {
    dx = conv2DBackpropInput({
      inputs: { dy: da, filter: wx },
      backend,
      attrs: { ...SAME, inputShape: x.shape },
    });
  }
  free(backend, da);
  return [dx, dwx, db, dwh];
}

/** Kernel config (registered by ./register.ts). */
export const convRnnBackwardConfig: tf.KernelConfig = {
  kernelName: "PrevisionConvRnnBackward",
  backendName: "wasm",
  kernelFunc: convRnnBackward as unknown as tf.KernelFunc,
};
