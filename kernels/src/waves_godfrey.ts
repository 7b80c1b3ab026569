// Godfrey & Swindale (2007) starburst-amacrine wave model in WASM SIMD: the dense per-cell
// update runs on 4 cells at a time (f32x4 / i32x4, spontaneous kicks hashed 4 at a time);
// activations and deactivations are collected from lane masks and their dendritic-overlap
// weights scattered to neighbours. Must match src/stimuli/waves/_godfrey_engine.ts exactly.
import { align, mix32, mix32x4 } from "./_rng";

let n: i32 = 0;
let pixels: i32 = 0;
let seed: u32 = 0;
let step: i32 = 0;
let th0: f32 = 0;
let alpha: f32 = 0;
let kTh: f32 = 0;
let kV: f32 = 0;
let kick: f32 = 0;
let kickThr: i32 = 0;
let activeSteps: i32 = 0;
let stepsPerFrame: i32 = 1;

let vPtr: usize = 0;
let thPtr: usize = 0;
let iPtr: usize = 0;
let ePtr: usize = 0;
let actPtr: usize = 0;
let onPtr: usize = 0;
let offPtr: usize = 0;
let csrPtr: usize = 0;
let nbrPtr: usize = 0;
let wPtr: usize = 0;
let pixPtr: usize = 0;
let flagPtr: usize = 0; // cells × u8: 0 = scatter through CSR, 1/2 = stencil of even/odd rows
let stencilPtr: usize = 0; // [rows0, rows1, start0, start1], then (offset, len4, weight index) rows, then weights
let outPtr: usize = 0;

/**
 * Lays out memory for `cells` cells (multiple of 4), `edges` CSR entries and `pix` pixels
 * with room for `batch` frames; returns the address of the CSR offsets. The host then
 * writes offsets, neighbours (at neighbours()), weights (at weights()), the pixel map
 * (at pixelMap()) and calls init().
 */
export function layout(cells: i32, edges: i32, pix: i32, batch: i32, stencilInts: i32): usize {
  n = cells;
  pixels = pix;
  const base: usize = align(__heap_base);
  vPtr = base;
  thPtr = align(vPtr + (<usize> n << 2));
  iPtr = align(thPtr + (<usize> n << 2));
  ePtr = align(iPtr + (<usize> (n + 8) << 2)); // slack: stencil rows may spill 3 zero lanes
  actPtr = align(ePtr + (<usize> n << 2));
  onPtr = align(actPtr + (<usize> n << 2));
  offPtr = align(onPtr + (<usize> n << 2));
  csrPtr = align(offPtr + (<usize> n << 2));
  nbrPtr = align(csrPtr + (<usize> (n + 1) << 2));
  wPtr = align(nbrPtr + (<usize> edges << 2));
  pixPtr = align(wPtr + (<usize> edges << 2));
  flagPtr = align(pixPtr + (<usize> pix << 2));
  stencilPtr = align(flagPtr + <usize> n);
  outPtr = align(stencilPtr + (<usize> stencilInts << 2));
  const end = outPtr + <usize> batch * <usize> pix + 64;
  const have = <usize> memory.size() << 16;
  if (end > have) memory.grow(<i32> ((end - have + 0xffff) >>> 16));
  return csrPtr;
}

export function neighbours(): usize {
  return nbrPtr;
}
export function weights(): usize {
  return wPtr;
}
export function pixelMap(): usize {
  return pixPtr;
}
export function flags(): usize {
  return flagPtr;
}
export function stencil(): usize {
  return stencilPtr;
}
export function output(): usize {
  return outPtr;
}

/** Sets the parameters and the initial state (`real` cells fire, the rest are padding). */
export function init(
  seedValue: u32,
  real: i32,
  theta0: f32,
  alphaValue: f32,
  kTheta: f32,
  kVValue: f32,
  kickValue: f32,
  kickThreshold: i32,
  steps: i32,
  perFrame: i32,
): void {
  seed = seedValue;
  th0 = theta0;
  alpha = alphaValue;
  kTh = kTheta;
  kV = kVValue;
  kick = kickValue;
  kickThr = kickThreshold;
  activeSteps = steps;
  stepsPerFrame = perFrame;
  step = 0;
  memory.fill(vPtr, 0, <usize> n << 2);
  memory.fill(iPtr, 0, <usize> (n + 8) << 2);
  memory.fill(ePtr, 0, <usize> n << 2);
  memory.fill(actPtr, 0, <usize> n << 2);
  for (let i = 0; i < n; i++) store<f32>(thPtr + (<usize> i << 2), i < real ? theta0 : Infinity);
}

function scatter(list: usize, count: i32, sign: i32): void {
  const vsign = i32x4.splat(sign);
  for (let a = 0; a < count; a++) {
    const i = load<i32>(list + (<usize> a << 2));
    const flag = <i32> load<u8>(flagPtr + <usize> i);
    if (flag != 0) {
      // Interior cell: add the weight rows of its parity's stencil, 4 cells at a time.
      const parity = flag - 1;
      const rows = load<i32>(stencilPtr + (<usize> parity << 2));
      let row = stencilPtr + (<usize> load<i32>(stencilPtr + (<usize> (2 + parity) << 2)) << 2);
      for (let k = 0; k < rows; k++, row += 12) {
        const base = iPtr + (<usize> (i + load<i32>(row)) << 2);
        const len = load<i32>(row, 4);
        const w = stencilPtr + (<usize> load<i32>(row, 8) << 2);
        for (let j = 0; j < len; j += 4) {
          const at = base + (<usize> j << 2);
          v128.store(
            at,
            i32x4.add(v128.load(at), i32x4.mul(v128.load(w + (<usize> j << 2)), vsign)),
          );
        }
      }
      continue;
    }
    const lo = load<i32>(csrPtr + (<usize> i << 2));
    const hi = load<i32>(csrPtr + (<usize> (i + 1) << 2));
    for (let e = lo; e < hi; e++) {
      const at = iPtr + (<usize> load<i32>(nbrPtr + (<usize> e << 2)) << 2);
      store<i32>(at, load<i32>(at) + sign * load<i32>(wPtr + (<usize> e << 2)));
    }
  }
}

function advance(): void {
  const key = i32x4.splat(<i32> mix32(mix32(seed) ^ <u32> step));
  const lanes = i32x4(0, 1, 2, 3);
  const vth0 = f32x4.splat(th0);
  const valpha = f32x4.splat(alpha);
  const vkTh = f32x4.splat(kTh);
  const vkV = f32x4.splat(kV);
  const vkick = f32x4.splat(kick);
  const vkThr = i32x4.splat(kickThr);
  const vsteps = i32x4.splat(activeSteps);
  const zero = i32x4.splat(0);
  const vtiny = f32x4.splat(1e-3);
  const one = i32x4.splat(1);
  let nOn = 0;
  let nOff = 0;
  for (let i = 0; i < n; i += 4) {
    const o = <usize> i << 2;
    let th = f32x4.add(vth0, f32x4.mul(f32x4.sub(v128.load(thPtr + o), vth0), valpha));
    const act = v128.load(actPtr + o);
    const inp = v128.load(iPtr + o);
    const v = v128.load(vPtr + o);
    const active = i32x4.gt_s(act, zero);
    // Inactive lanes: integrate input plus spontaneous kicks, fire at threshold.
    const h = i32x4.shr_u(mix32x4(v128.xor(key, i32x4.add(i32x4.splat(i), lanes))), 8);
    const k = v128.and(vkick, i32x4.lt_s(h, vkThr));
    let v1 = f32x4.add(f32x4.add(v, f32x4.mul(f32x4.sub(f32x4.convert_i32x4_s(inp), v), vkV)), k);
    // Flush tiny drive to 0 before it becomes subnormal (subnormal arithmetic is slow on x86).
    v1 = v128.andnot(v1, f32x4.lt(f32x4.abs(v1), vtiny));
    if (!v128.any_true(active)) {
      // Fast path (most blocks): no burst in progress, so E is untouched and ACT changes
      // only where a cell fires; skipping those loads and stores saves memory traffic.
      const fires = f32x4.ge(v1, th);
      v128.store(thPtr + o, th);
      v128.store(vPtr + o, v128.andnot(v1, fires));
      let mOn = i32x4.bitmask(fires);
      if (mOn == 0) continue;
      v128.store(actPtr + o, v128.bitselect(vsteps, act, fires));
      while (mOn != 0) {
        store<i32>(onPtr + (<usize> nOn << 2), i + ctz(mOn));
        nOn++;
        mOn &= mOn - 1;
      }
      continue;
    }
    const e = v128.load(ePtr + o);
    // Active lanes: accumulate input, count down, raise θ when the burst ends.
    const e1 = i32x4.add(e, inp);
    const act1 = i32x4.sub(act, one);
    const ends = v128.and(active, i32x4.eq(act1, zero));
    th = v128.bitselect(f32x4.add(th, f32x4.mul(vkTh, f32x4.convert_i32x4_s(e1))), th, ends);
    const fires = v128.andnot(f32x4.ge(v1, th), active);
    const eNew = v128.bitselect(v128.andnot(e1, ends), e, active);
    const actNew = v128.bitselect(act1, v128.bitselect(vsteps, act, fires), active);
    const vNew = v128.bitselect(v, v128.andnot(v1, fires), active);
    v128.store(thPtr + o, th);
    v128.store(ePtr + o, eNew);
    v128.store(actPtr + o, actNew);
    v128.store(vPtr + o, vNew);
    let mOn = i32x4.bitmask(fires);
    while (mOn != 0) {
      store<i32>(onPtr + (<usize> nOn << 2), i + ctz(mOn));
      nOn++;
      mOn &= mOn - 1;
    }
    let mOff = i32x4.bitmask(ends);
    while (mOff != 0) {
      store<i32>(offPtr + (<usize> nOff << 2), i + ctz(mOff));
      nOff++;
      mOff &= mOff - 1;
    }
  }
  scatter(onPtr, nOn, 1);
  scatter(offPtr, nOff, -1);
  step++;
}

/** Advances `frames` frames; writes them at output() when `render` is 1. */
export function run(frames: i32, render: i32): void {
  for (let f = 0; f < frames; f++) {
    for (let s = 0; s < stepsPerFrame; s++) advance();
    if (render == 0) continue;
    const frame = outPtr + <usize> f * <usize> pixels;
    for (let p = 0; p < pixels; p++) {
      const cell = load<i32>(pixPtr + (<usize> p << 2));
      store<u8>(frame + <usize> p, load<i32>(actPtr + (<usize> cell << 2)) > 0 ? 1 : 0);
    }
  }
}
