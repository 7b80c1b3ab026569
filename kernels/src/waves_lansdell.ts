// Reduced Lansdell, Ford & Kutz (2014) reaction–diffusion retinal waves in WASM SIMD:
// four cells of a row per f32x4 (5-point Laplacian from unaligned loads of a ghost-padded
// ACh grid, spontaneous kicks hashed four at a time), scalar tail for the last columns.
// Must match src/stimuli/waves/_lansdell_engine.ts exactly.
import { align, mix32, mix32x4 } from "./_rng";

let size: i32 = 0;
let P: i32 = 0;
let seed: u32 = 0;
let substeps: i32 = 1;
let step: i32 = 0;
let dtD: f32 = 0;
let tA: f32 = 0;
let rho: f32 = 0;
let tV: f32 = 0;
let ka: f32 = 0;
let gA: f32 = 0;
let gS: f32 = 0;
let eK: f32 = 0;
let gamma: f32 = 0;
let tC: f32 = 0;
let alpha: f32 = 0;
let tS: f32 = 0;
let kick: f32 = 0;
let kickThr: i32 = 0;

let aPtr: usize = 0;
let a2Ptr: usize = 0;
let vPtr: usize = 0;
let sPtr: usize = 0;
let cPtr: usize = 0;
let outPtr: usize = 0;

// A, C and S below 1e-20 become 0 before they turn into float32 subnormals, whose
// arithmetic is ~100× slower on x86 (the TS reference does the same).
// @ts-ignore: decorator
@inline function flush(x: f32): f32 {
  return abs<f32>(x) < <f32> 1e-20 ? 0 : x;
}

// @ts-ignore: decorator
@inline function flush4(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(1e-20)));
}

/** Allocates a size×size grid with `batch` output frames; state starts at rest. */
export function setup(gridSize: i32, batch: i32): void {
  size = gridSize;
  P = gridSize + 2;
  const base = align(__heap_base);
  aPtr = base;
  a2Ptr = align(aPtr + (<usize> (P * P) << 2) + 16);
  vPtr = align(a2Ptr + (<usize> (P * P) << 2) + 16);
  sPtr = align(vPtr + (<usize> (size * size) << 2));
  cPtr = align(sPtr + (<usize> (size * size) << 2));
  outPtr = align(cPtr + (<usize> (size * size) << 2));
  const end = outPtr + <usize> batch * <usize> (size * size) + 64;
  const have = <usize> memory.size() << 16;
  if (end > have) memory.grow(<i32> ((end - have + 0xffff) >>> 16));
  memory.fill(aPtr, 0, outPtr - aPtr);
  step = 0;
}

export function output(): usize {
  return outPtr;
}

/** Sets the float32 coefficients (see the TS engine for their meaning). */
export function params(
  seedValue: u32,
  steps: i32,
  dtDValue: f32,
  tAValue: f32,
  rhoValue: f32,
  tVValue: f32,
  aValue: f32,
  gAValue: f32,
  gSValue: f32,
  eKValue: f32,
  gammaValue: f32,
  tCValue: f32,
  alphaValue: f32,
  tSValue: f32,
  kickValue: f32,
  kickThreshold: i32,
): void {
  seed = seedValue;
  substeps = steps;
  dtD = dtDValue;
  tA = tAValue;
  rho = rhoValue;
  tV = tVValue;
  ka = aValue;
  gA = gAValue;
  gS = gSValue;
  eK = eKValue;
  gamma = gammaValue;
  tC = tCValue;
  alpha = alphaValue;
  tS = tSValue;
  kick = kickValue;
  kickThr = kickThreshold;
}

// @ts-ignore: decorator
@inline function at(ptr: usize, i: i32): usize {
  return ptr + (<usize> i << 2);
}

function ghosts(): void {
  for (let i = 1; i <= size; i++) {
    store<f32>(at(aPtr, i), load<f32>(at(aPtr, P + i)));
    store<f32>(at(aPtr, (size + 1) * P + i), load<f32>(at(aPtr, size * P + i)));
    store<f32>(at(aPtr, i * P), load<f32>(at(aPtr, i * P + 1)));
    store<f32>(at(aPtr, i * P + size + 1), load<f32>(at(aPtr, i * P + size)));
  }
}

function cell(p: i32, q: i32, h: u32): void {
  const a0 = load<f32>(at(aPtr, p));
  const v = load<f32>(at(vPtr, q));
  const s = load<f32>(at(sPtr, q));
  const ca = load<f32>(at(cPtr, q));
  const lap: f32 = load<f32>(at(aPtr, p - 1)) + load<f32>(at(aPtr, p + 1)) +
    load<f32>(at(aPtr, p - P)) +
    load<f32>(at(aPtr, p + P)) - <f32> 4 * a0;
  store<f32>(at(a2Ptr, p), flush(a0 + ((dtD * lap - a0 * tA) + rho * max<f32>(v, 0))));
  const u: f32 = <f32> 1 - v;
  const cubic: f32 = (v * u) * (v - ka);
  const drive: f32 = (gA * a0) * u;
  const inh: f32 = (gS * s) * (v - eK);
  const k: f32 = <i32> (h >>> 8) < kickThr ? kick : 0;
  store<f32>(at(vPtr, q), (v + tV * ((cubic + drive) - inh)) + k);
  store<f32>(at(cPtr, q), flush(ca + (gamma * max<f32>(v, 0) - ca * tC)));
  store<f32>(at(sPtr, q), flush(s + ((alpha * ca) * (<f32> 1 - s) - s * tS)));
}

function substep(): void {
  ghosts();
  const key = mix32(mix32(seed) ^ <u32> step);
  const vkey = i32x4.splat(<i32> key);
  const lanes = i32x4(0, 1, 2, 3);
  const four = f32x4.splat(4);
  const one = f32x4.splat(1);
  const vdtD = f32x4.splat(dtD);
  const vtA = f32x4.splat(tA);
  const vrho = f32x4.splat(rho);
  const vtV = f32x4.splat(tV);
  const va = f32x4.splat(ka);
  const vgA = f32x4.splat(gA);
  const vgS = f32x4.splat(gS);
  const veK = f32x4.splat(eK);
  const vgamma = f32x4.splat(gamma);
  const vtC = f32x4.splat(tC);
  const valpha = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  const vtS = f32x4.splat(tS);
  const vkick = f32x4.splat(kick);
  const vthr = i32x4.splat(kickThr);
  const whole = size & ~3;
  for (let r = 0; r < size; r++) {
    const rowP = (r + 1) * P + 1;
    const rowQ = r * size;
    let c = 0;
    for (; c < whole; c += 4) {
      const p = rowP + c;
      const q = rowQ + c;
      const a0 = v128.load(at(aPtr, p));
      const v = v128.load(at(vPtr, q));
      const s = v128.load(at(sPtr, q));
      const ca = v128.load(at(cPtr, q));
      const sum = f32x4.add(
        f32x4.add(
          f32x4.add(v128.load(at(aPtr, p - 1)), v128.load(at(aPtr, p + 1))),
          v128.load(at(aPtr, p - P)),
        ),
        v128.load(at(aPtr, p + P)),
      );
      const lap = f32x4.sub(sum, f32x4.mul(four, a0));
      v128.store(
        at(a2Ptr, p),
        flush4(
          f32x4.add(
            a0,
            f32x4.add(
              f32x4.sub(f32x4.mul(vdtD, lap), f32x4.mul(a0, vtA)),
              f32x4.mul(vrho, f32x4.max(v, zero)),
            ),
          ),
        ),
      );
      const u = f32x4.sub(one, v);
      const cubic = f32x4.mul(f32x4.mul(v, u), f32x4.sub(v, va));
      const drive = f32x4.mul(f32x4.mul(vgA, a0), u);
      const inh = f32x4.mul(f32x4.mul(vgS, s), f32x4.sub(v, veK));
      const h = i32x4.shr_u(mix32x4(v128.xor(vkey, i32x4.add(i32x4.splat(q), lanes))), 8);
      const k = v128.and(vkick, i32x4.lt_s(h, vthr));
      v128.store(
        at(vPtr, q),
        f32x4.add(f32x4.add(v, f32x4.mul(vtV, f32x4.sub(f32x4.add(cubic, drive), inh))), k),
      );
      v128.store(
        at(cPtr, q),
        flush4(f32x4.add(ca, f32x4.sub(f32x4.mul(vgamma, f32x4.max(v, zero)), f32x4.mul(ca, vtC)))),
      );
      v128.store(
        at(sPtr, q),
        flush4(
          f32x4.add(
            s,
            f32x4.sub(f32x4.mul(f32x4.mul(valpha, ca), f32x4.sub(one, s)), f32x4.mul(s, vtS)),
          ),
        ),
      );
    }
    for (; c < size; c++) cell(rowP + c, rowQ + c, mix32(key ^ <u32> (rowQ + c)));
  }
  const t = aPtr;
  aPtr = a2Ptr;
  a2Ptr = t;
  step++;
}

/** Advances `frames` frames; writes V > 0.5 as 0/1 at output() when `render` is 1. */
export function run(frames: i32, render: i32): void {
  const n = size * size;
  for (let f = 0; f < frames; f++) {
    for (let s = 0; s < substeps; s++) substep();
    if (render == 0) continue;
    const frame = outPtr + <usize> f * <usize> n;
    for (let q = 0; q < n; q++) {
      store<u8>(frame + <usize> q, load<f32>(at(vPtr, q)) > <f32> 0.5 ? 1 : 0);
    }
  }
}
