/**
 * The conv-RNN layer forward and backward on our own convolutions
 * (kernels/src/_conv_threads.ts) over the thread pool's shared memory: inputs go once
 * into padded buffers there, every step runs as one job split over all threads
 * (conv + bias + tanh, or conv + the tanh derivative, fused in the kernel's output
 * stage), and the results go back into tfjs tensors. When tfjs runs on the pool's memory
 * (tensors given as offsets, `Data`) those copies are thread jobs too; otherwise the main
 * thread copies, while the workers start on the next job where it can.
 *
 * @module
 */
import { poolInfo, runJob, sharedMemory } from "./threads/pool.ts";
import {
  clearBorder,
  copyInterior,
  type Data,
  imageBytes,
  Layout,
  type Padded,
  shift,
  stageIn,
  stageOut,
} from "./_padded.ts";
import { ConvPlan, FilterGradPlan } from "./_conv_plan.ts";

const STORE = 0, TANH_ADD = 1, DTANH_ADD = 2;
const TANH = 0, DTANH = 1;

/** Shapes of one layer call: x [frames·batch, h, w, cin], weights k×k, c state channels. */
export interface RnnShape {
  frames: number;
  batch: number;
  h: number;
  w: number;
  cin: number;
  c: number;
  k: number;
}

let enabled = true;

/**
 * Turns the threaded path off (the XNNPACK path then runs everywhere) or back on; for
 * benchmarks that compare the two.
 */
export function useThreadedRnn(on: boolean): void {
  enabled = on;
}

/** Whether the threaded path handles this layer (else the XNNPACK path runs). */
export function threadedRnnFits(s: RnnShape, inputGrad: boolean): boolean {
  return enabled && s.c % 8 === 0 && s.k % 2 === 1 && (!inputGrad || s.cin % 8 === 0);
}

/** A tfjs tensor on the pool's memory (at a byte offset) as an unpadded buffer. */
function tensorAt(at: number, n: number, h: number, w: number, c: number): Padded {
  return { at, n, h, w, c, pad: 0 };
}

/**
 * Forward: fills `out` (every h_t, [frames·batch, h, w, c]) from x, wx, b, wh. With tfjs
 * on the pool's memory and F(4×4, 3×3) convs, x is read where it is and h is written
 * straight into the output tensor: no padded copies.
 */
export function rnnForward(
  s: RnnShape,
  x: Data,
  wx: Float32Array,
  b: Float32Array,
  wh: Float32Array,
  out: () => Data,
): void {
  const { frames, batch, h, w, cin, c, k } = s;
  const pad = (k - 1) >> 1, tb = frames * batch;
  const lay = new Layout();
  const convX = new ConvPlan(lay, k, cin, c, h, w), convH = new ConvPlan(lay, k, c, c, h, w);
  // On tfjs's memory (nothing to stage from views, so the output may be allocated first),
  // F(4×4, 3×3) writes h into the output tensor, and conv_x reads x in place where it can.
  const outAt = typeof x === "number" && convH.readsUnpadded ? out() : null;
  const hp = typeof outAt === "number"
    ? tensorAt(outAt, tb, h, w, c)
    : lay.padded(tb, h, w, c, pad);
  const xp = typeof x === "number" && hp.pad === 0 && convX.readsUnpadded
    ? tensorAt(x, tb, h, w, cin)
    : lay.padded(tb, h, w, cin, pad);
  const bAt = lay.floats(c);
  const heap = lay.commit();
  if (xp.at !== x) stageIn(xp, x);
  if (hp.pad > 0) clearBorder(hp);
  convX.pack(heap, wx);
  heap.set(b, bAt / 4);
  convX.run(xp.at, xp.pad, hp.at, hp.pad, bAt, 0, STORE, tb, h, w, () => convH.pack(heap, wh));
  runJob("pointwise", [hp.at, 0, c, hp.pad, batch, h, w, TANH]);
  const step = batch * imageBytes(hp);
  const dst = outAt ?? out(), frame = batch * h * w * c;
  // From a view, h_{t−1} is copied out while the workers start on h_t; onto tfjs's heap
  // when it is ours, all at once by a job.
  const copyOut = (t: number) => {
    if (typeof dst !== "number") {
      stageOut(shift(hp, t * batch, batch), dst.subarray(t * frame, (t + 1) * frame));
    }
  };
  for (let t = 1; t < frames; t++) {
    const prev = hp.at + (t - 1) * step, cur = hp.at + t * step;
    convH.run(prev, hp.pad, cur, hp.pad, 0, 0, TANH_ADD, batch, h, w, () => copyOut(t - 1));
  }
  if (typeof dst === "number") {
    if (dst !== hp.at) stageOut(hp, dst);
  } else copyOut(frames - 1);
}

/** Copies frames [from, to) of a time-major sequence (`batch` images a frame) into b. */
function copyFrames(b: Padded, src: Float32Array, batch: number, from: number, to: number) {
  const frame = batch * b.h * b.w * b.c;
  copyInterior(shift(b, from * batch, (to - from) * batch), src.subarray(from * frame, to * frame));
}

/** Gradients of one layer (see PrevisionConvRnnBackward); dx as for {@link Data}. */
export interface RnnGrads {
  dx: Data | null;
  dwx: Float32Array;
  db: Float32Array;
  dwh: Float32Array;
}

/**
 * Backward through time: from dH (dL/dh_t for every step), x, h and the weights, writes
 * dwx, db, dwh and (when `wantDx`) dx into the arrays `grads()` returns. From views, it
 * calls `grads()` once every input is on the pool's heap (so that tfjs may allocate the
 * gradients without invalidating the input views); with tfjs on the pool's memory, first,
 * and dx is written in place; with F(4×4, 3×3) convs there, x and h are read where they
 * are, and only dH is copied (the convs update it in place).
 */
export function rnnBackward(
  s: RnnShape,
  inputs: { dh: Data; x: Data; h: Data; wx: Float32Array; wh: Float32Array },
  wantDx: boolean,
  grads: () => RnnGrads,
): void {
  const { frames, batch, h, w, cin, c, k } = s;
  const pad = (k - 1) >> 1, tb = frames * batch, nt = poolInfo().threads;
  const { x, h: hs } = inputs;
  const inPlace = typeof x === "number";
  const lay = new Layout();
  const carry = new ConvPlan(lay, k, c, c, h, w, true);
  const toDx = wantDx ? new ConvPlan(lay, k, cin, c, h, w, true) : null;
  const gradH = new FilterGradPlan(lay, k, c, c, h, w);
  const gradX = new FilterGradPlan(lay, k, cin, c, h, w);
  const direct = inPlace && typeof hs === "number" && carry.readsUnpadded &&
    gradH.readsUnpadded && (!toDx || toDx.readsUnpadded);
  const hp = direct ? tensorAt(hs, tb, h, w, c) : lay.padded(tb, h, w, c, pad);
  const gp = lay.padded(tb, h, w, c, direct ? 0 : pad);
  const xp = direct && gradX.readsUnpadded
    ? tensorAt(x, tb, h, w, cin)
    : lay.padded(tb, h, w, cin, pad);
  const dxb = wantDx && !inPlace ? lay.padded(tb, h, w, cin, 0) : null;
  const sumsAt = lay.floats(nt * c * 2);
  let heap = lay.commit();
  if (hp.at !== hs) stageIn(hp, hs);
  stageIn(gp, inputs.dh);
  if (typeof x === "number") {
    if (xp.at !== x) stageIn(xp, x);
  } else if (xp.pad > 0) clearBorder(xp); // its interior is copied in while the carry convs run
  carry.pack(heap, inputs.wh);
  // needed only after the recurrent convs: prepared during the first of them
  let prepare: (() => void) | null = () => {
    toDx?.pack(heap, inputs.wx);
    gradH.clear(heap);
    gradX.clear(heap);
  };
  let out = inPlace ? grads() : null;

  // g_t = (dH_t + carry_t)·(1 − h_t²), carry_{t−1} = conv(g_t, flipped wh): in place in gp
  // (h and g have the same layout).
  const step = batch * imageBytes(gp), gPad = gp.pad;
  const last = shift(gp, (frames - 1) * batch, batch);
  runJob("pointwise", [last.at, last.at - gp.at + hp.at, c, gPad, batch, h, w, DTANH]);
  const steps = frames - 1;
  if (steps === 0 && typeof x !== "number") copyFrames(xp, x, batch, 0, frames);
  for (let t = frames - 1, i = 0; t >= 1; t--, i++) {
    const g = gp.at + t * step, prev = gp.at + (t - 1) * step, hPrev = hp.at + (t - 1) * step;
    const from = Math.floor(i * frames / steps), to = Math.floor((i + 1) * frames / steps);
    carry.run(g, gPad, prev, gPad, 0, hPrev, DTANH_ADD, batch, h, w, () => {
      if (typeof x !== "number") copyFrames(xp, x, batch, from, to);
      prepare?.();
      prepare = null;
    });
  }
  prepare?.();
  const dxAt = out && typeof out.dx === "number" ? out.dx : dxb?.at;
  if (toDx && dxAt !== undefined) toDx.run(gp.at, gPad, dxAt, 0, 0, 0, STORE, tb, h, w);

  // Every input is on the heap now, so tfjs may allocate the gradients; they are copied
  // out while the filter gradients run.
  out ??= grads();
  const grad = out;
  heap = new Float32Array(sharedMemory().buffer);
  const copyDx = () => {
    if (dxb && grad.dx && typeof grad.dx !== "number") {
      grad.dx.set(heap.subarray(dxb.at / 4, dxb.at / 4 + grad.dx.length));
    }
  };
  if (frames > 1) {
    gradH.run(hp.at, hp.pad, gp.at + step, gPad, (frames - 1) * batch, h, w, copyDx);
  } else copyDx();
  gradX.run(xp.at, xp.pad, gp.at, gPad, tb, h, w, () => {
    if (frames > 1) gradH.read(heap, grad.dwh);
    else grad.dwh.fill(0);
  });
  runJob("channelSums", [gp.at, c, gPad, tb, h, w, sumsAt], () => gradX.read(heap, grad.dwx));
  const sums = new Float64Array(sharedMemory().buffer, sumsAt, nt * c);
  for (let i = 0; i < c; i++) {
    let v = 0;
    for (let p = 0; p < nt; p++) v += sums[p * c + i];
    grad.db[i] = v;
  }
}
