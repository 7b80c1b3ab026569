/**
 * PrevisionConvRnnForward (wasm): one vanilla conv-RNN layer over a whole sequence,
 * h_t = tanh(conv_x(x_t) + b + conv_h(h_{t−1})), h_0 = tanh(conv_x(x_0) + b).
 * x is time-major [T·B, H, W, Cin]; the output holds every h_t, [T·B, H, W, C].
 * When the shapes fit (channels a multiple of 8, odd square kernels) it runs on our threaded
 * convolutions (./_conv_rnn_threads.ts); otherwise conv_x runs once over all frames
 * (XNNPACK) and each step adds conv_h of the previous block and applies bias + tanh in one
 * SIMD pass, in place in the output.
 *
 * @module
 */
import type { tf } from "../tf.ts";
import { ptr, release, simd, view } from "./_simd.ts";
import { call, dataOf, f32, free, type Info, type WasmBackend } from "./_util.ts";
import { rnnForward, threadedRnnFits } from "./_conv_rnn_threads.ts";

const SAME = { strides: [1, 1], dilations: [1, 1], pad: "same", dataFormat: "NHWC" };

/** Both filters are k×k with the same k (what the threaded path assumes). */
export function sameSquare(wx: Info, wh: Info): boolean {
  const k = wh.shape[0];
  return wh.shape[1] === k && wx.shape[0] === k && wx.shape[1] === k;
}

function convRnnForward(
  args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> },
): Info {
  const backend = args.backend as WasmBackend;
  const { x, wx, b, wh } = args.inputs;
  const frames = args.attrs.frames as number;
  const [tb, h, w] = x.shape, c = wh.shape[3];
  const batch = tb / frames, rows = batch * h * w, blockBytes = rows * c * 4;
  const shape = { frames, batch, h, w, cin: x.shape[3], c, k: wh.shape[0] };
  if (threadedRnnFits(shape, false) && sameSquare(wx, wh)) {
    const out = backend.makeOutput([tb, h, w, c], "float32");
    const get = (i: Info) => f32(backend, i);
    rnnForward(shape, dataOf(backend, x), get(wx), get(b), get(wh), () => dataOf(backend, out));
    return out;
  }
  const out = call("Conv2D", backend, { x, filter: wx }, SAME);
  const k = simd(backend);
  const base = ptr(backend, out), bias = ptr(backend, b);
  k.tanhBiasAdd(base, base, 0, bias, rows, c);
  for (let t = 1; t < frames; t++) {
    const prev = view(backend, out, (t - 1) * blockBytes, [batch, h, w, c]);
    const r = call("Conv2D", backend, { x: prev, filter: wh }, SAME);
    release(backend, prev);
    const at = ptr(backend, out) + t * blockBytes;
    k.tanhBiasAdd(at, at, ptr(backend, r), ptr(backend, b), rows, c);
    free(backend, r);
  }
  return out;
}

/** Kernel config (registered by ./register.ts). */
export const convRnnForwardConfig: tf.KernelConfig = {
  kernelName: "PrevisionConvRnnForward",
  backendName: "wasm",
  kernelFunc: convRnnForward as unknown as tf.KernelFunc,
};
