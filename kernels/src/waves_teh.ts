// Teh et al. (2023) stage-III retinal waves in WASM SIMD: frontier propagation, wave
// bookkeeping and ON/OFF rendering for batches of frames. Must match
// src/stimuli/waves/_teh_engine.ts byte for byte: the 8 propagation draws of a frontier
// cell are hashed at once (two i32x4 vectors of lowbias32), compared against per-direction
// 24-bit thresholds, and only the surviving directions are checked one by one.
import { mix32, mix32x4 } from "./_rng";

let size: i32 = 0;
let ncell: i32 = 0;
let seed: u32 = 0;
let tauIEI: i32 = 0;
let nV: i32 = 1;
let tWave: i32 = 1;
let tauOn: i32 = 0;
let tauOff: i32 = 2;
let ring: i32 = 2;
let carry: i32 = 0;
let delay: i32 = 0;
let maxBatch: i32 = 1;
let floor: i32 = 0;

let active: i32 = 0;
let cells: i32 = 0;
let lastRecruit: i32 = 0;
let endFrame: i32 = -1;
let nPlans: i32 = 0;
let nEvents: i32 = 0;

const MAX_PLANS: i32 = 64;
let thrPtr: usize = 0; // 8 × u32 thresholds of the running wave
let plansPtr: usize = 0; // MAX_PLANS × 9 × i32 (cell, 8 thresholds), written by the host
let eventsPtr: usize = 0; // 16 × 3 × i32
let statePtr: usize = 0; // [event count, cells of the running wave] after each run
let countsPtr: usize = 0; // ring × i32
let lastPtr: usize = 0; // ncell × i32 last firing frame
let listsPtr: usize = 0; // ring × ncell × i32 recruit lists
let outPtr: usize = 0; // maxBatch × ncell × u8 rendered frames (the current frame when maxBatch is 1)
let offPtr: usize = 0; // 24 × i32: cell offset, row offset, column offset of the 8 neighbours
let edgePtr: usize = 0; // ncell × u8: 1 on the grid border (neighbours need bounds checks)
let curPtr: usize = 0; // ncell × u8 current frame, updated incrementally
let visible: u64 = 0; // bit d set: a cell recruited d frames ago is visible

/** Allocates the state; returns the address of the plan table. */
export function setup(
  gridSize: i32,
  seedValue: u32,
  iei: i32,
  neighbours: i32,
  wave: i32,
  on: i32,
  off: i32,
  ringLength: i32,
  carryRefractory: i32,
  batch: i32,
): usize {
  size = gridSize;
  ncell = gridSize * gridSize;
  seed = seedValue;
  tauIEI = iei;
  nV = neighbours;
  tWave = wave;
  tauOn = on;
  tauOff = off;
  ring = ringLength;
  carry = carryRefractory;
  delay = max(on, off) + wave;
  maxBatch = batch;
  floor = 0;
  active = 0;
  nPlans = 0;
  const base: usize = (__heap_base + 63) & ~(<usize> 63);
  thrPtr = base;
  plansPtr = thrPtr + 64;
  eventsPtr = plansPtr + <usize> (MAX_PLANS * 9 * 4);
  statePtr = eventsPtr + 16 * 3 * 4;
  offPtr = statePtr + 16;
  countsPtr = offPtr + 24 * 4;
  lastPtr = (countsPtr + (<usize> ring << 2) + 63) & ~(<usize> 63);
  listsPtr = lastPtr + (<usize> ncell << 2);
  edgePtr = listsPtr + ((<usize> ring * <usize> ncell) << 2);
  curPtr = edgePtr + <usize> ncell;
  outPtr = batch == 1 ? curPtr : (curPtr + <usize> ncell + 63) & ~(<usize> 63);
  const end = outPtr + <usize> batch * <usize> ncell + 64;
  visible = 0;
  for (let d = 0; d <= wave; d++) {
    visible |= (<u64> 1 << <u64> (on + d)) | (<u64> 1 << <u64> (off + d));
  }
  const have = <usize> memory.size() << 16;
  if (end > have) memory.grow(<i32> ((end - have + 0xffff) >>> 16));
  memory.fill(countsPtr, 0, <usize> ring << 2);
  memory.fill(curPtr, 0, <usize> ncell);
  // k → (dr, dc): 0:(0,1) 1:(1,1) 2:(1,0) 3:(1,-1) 4:(0,-1) 5:(-1,-1) 6:(-1,0) 7:(-1,1)
  for (let k = 0; k < 8; k++) {
    const dr = k == 0 || k == 4 ? 0 : (k < 4 ? 1 : -1);
    const dc = k == 2 || k == 6 ? 0 : (k < 2 || k == 7 ? 1 : -1);
    store<i32>(offPtr + (<usize> k << 2), dr * size + dc);
    store<i32>(offPtr + (<usize> (8 + k) << 2), dr);
    store<i32>(offPtr + (<usize> (16 + k) << 2), dc);
  }
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const edge = r == 0 || c == 0 || r == size - 1 || c == size - 1;
      store<u8>(edgePtr + <usize> (r * size + c), edge ? 1 : 0);
    }
  }
  for (let i = 0; i < ncell; i++) store<i32>(lastPtr + (<usize> i << 2), -0x40000000);
  return plansPtr;
}

/** Address of the rendered frames. */
export function output(): usize {
  return outPtr;
}

/** Address of the events of the last run ([type, frame, value] triples). */
export function events(): usize {
  return eventsPtr;
}

/** Address of [event count, running-wave cells] written by every run. */
export function state(): usize {
  return statePtr;
}

/** Number of events of the last run. */
export function eventCount(): i32 {
  return nEvents;
}

/** Cells recruited so far by the running wave (0 when none runs). */
export function runningCells(): i32 {
  return active ? cells : 0;
}

/** Declares that `count` plans have been written at setup()'s address. */
export function loadPlans(count: i32): void {
  nPlans = count;
}

function event(type: i32, frame: i32, value: i32): void {
  const at = eventsPtr + <usize> (nEvents * 12);
  store<i32>(at, type);
  store<i32>(at, frame, 4);
  store<i32>(at, value, 8);
  nEvents++;
}

function activeNeighbours(cell: i32, t: i32): i32 {
  const r = cell / size;
  const c = cell - r * size;
  const hi = t - 1 - tauOn;
  const lo = hi - tWave;
  let count = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if (dr == 0 && dc == 0) continue;
      const rr = r + dr;
      const cc = c + dc;
      if (rr < 0 || rr >= size || cc < 0 || cc >= size) continue;
      const lf = load<i32>(lastPtr + (<usize> (rr * size + cc) << 2));
      if (lf >= lo && lf <= hi && lf >= floor) count++;
    }
  }
  return count;
}

function propagate(t: i32): i32 {
  const slot = t % ring;
  store<i32>(countsPtr + (<usize> slot << 2), 0);
  if (t == 0) return 0;
  const prev = (t - 1) % ring;
  const src = listsPtr + ((<usize> prev * <usize> ncell) << 2);
  const dst = listsPtr + ((<usize> slot * <usize> ncell) << 2);
  const n = load<i32>(countsPtr + (<usize> prev << 2));
  const key = i32x4.splat(<i32> mix32(mix32(seed) ^ <u32> (2 * t)));
  const lanes = i32x4(0, 1, 2, 3);
  const four = i32x4.splat(4);
  const thrLo = v128.load(thrPtr);
  const thrHi = v128.load(thrPtr, 16);
  const vfloor = i32x4.splat(floor);
  const vt = i32x4.splat(t);
  const viei = i32x4.splat(tauIEI);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const s = load<i32>(src + (<usize> i << 2));
    const base = i32x4.add(i32x4.splat(s << 3), lanes);
    const h0 = i32x4.shr_u(mix32x4(v128.xor(key, base)), 8);
    const h1 = i32x4.shr_u(mix32x4(v128.xor(key, i32x4.add(base, four))), 8);
    let mask = i32x4.bitmask(i32x4.lt_u(h0, thrLo)) | (i32x4.bitmask(i32x4.lt_u(h1, thrHi)) << 4);
    if (mask == 0) continue;
    const edge = load<u8>(edgePtr + <usize> s);
    if (!edge) {
      // Interior cell: read the 8 neighbours' last firing times as three row vectors,
      // arrange them in direction order and drop refractory ones without branching.
      const mid = lastPtr + (<usize> s << 2);
      const above = v128.load(mid - (<usize> (size + 1) << 2));
      const row = v128.load(mid - 4);
      const below = v128.load(mid + (<usize> (size - 1) << 2));
      // k0 = s+1, k1 = s+size+1, k2 = s+size, k3 = s+size−1
      const lfLo = i32x4.shuffle(row, below, 2, 6, 5, 4);
      // k4 = s−1, k5 = s−size−1, k6 = s−size, k7 = s−size+1
      const lfHi = i32x4.shuffle(row, above, 0, 4, 5, 6);
      const refLo = v128.and(i32x4.ge_s(lfLo, vfloor), i32x4.le_s(i32x4.sub(vt, lfLo), viei));
      const refHi = v128.and(i32x4.ge_s(lfHi, vfloor), i32x4.le_s(i32x4.sub(vt, lfHi), viei));
      mask &= ~(i32x4.bitmask(refLo) | (i32x4.bitmask(refHi) << 4));
      while (mask != 0) {
        const k = ctz(mask);
        mask &= mask - 1;
        const cell = s + load<i32>(offPtr + (<usize> k << 2));
        const at = lastPtr + (<usize> cell << 2);
        // A neighbour recruited earlier in this frame by another frontier cell is refractory now.
        if (load<i32>(at) == t) continue;
        if (nV > 1 && activeNeighbours(cell, t) < nV) continue;
        store<i32>(at, t);
        store<i32>(dst + (<usize> m << 2), cell);
        m++;
      }
      continue;
    }
    const r = s / size;
    const c = s - r * size;
    while (mask != 0) {
      const k = ctz(mask);
      mask &= mask - 1;
      const rr = r + load<i32>(offPtr + (<usize> (8 + k) << 2));
      const cc = c + load<i32>(offPtr + (<usize> (16 + k) << 2));
      if (rr < 0 || rr >= size || cc < 0 || cc >= size) continue;
      const cell = s + load<i32>(offPtr + (<usize> k << 2));
      const at = lastPtr + (<usize> cell << 2);
      const lf = load<i32>(at);
      if (lf >= floor && t - lf <= tauIEI) continue;
      if (nV > 1 && activeNeighbours(cell, t) < nV) continue;
      store<i32>(at, t);
      store<i32>(dst + (<usize> m << 2), cell);
      m++;
    }
  }
  store<i32>(countsPtr + (<usize> slot << 2), m);
  return m;
}

function tryStart(t: i32, j: i32): bool {
  const plan = plansPtr + <usize> (j * 36);
  const cell = load<i32>(plan);
  const waveFloor = carry ? -0x7fffffff : t;
  const at = lastPtr + (<usize> cell << 2);
  const lf = load<i32>(at);
  if (lf >= waveFloor && t - lf <= tauIEI) return false;
  v128.store(thrPtr, v128.load(plan, 4));
  v128.store(thrPtr, v128.load(plan, 20), 16);
  floor = waveFloor;
  store<i32>(at, t);
  const slot = t % ring;
  const cp = countsPtr + (<usize> slot << 2);
  const count = load<i32>(cp);
  store<i32>(listsPtr + ((<usize> slot * <usize> ncell + <usize> count) << 2), cell);
  store<i32>(cp, count + 1);
  return true;
}

function paint(t: i32, d: i32, value: u8): void {
  if (t - d < 0) return;
  const slot = (t - d) % ring;
  const list = listsPtr + ((<usize> slot * <usize> ncell) << 2);
  const n = load<i32>(countsPtr + (<usize> slot << 2));
  for (let i = 0; i < n; i++) store<u8>(curPtr + <usize> load<i32>(list + (<usize> i << 2)), value);
}

// Cells recruited d frames ago switch off when d leaves the visible set. Must run before
// propagate(t) reuses the ring slot of frame t − ring.
function switchOff(t: i32): void {
  for (let d = 1; d <= ring; d++) {
    const now = (visible >> <u64> d) & 1;
    const before = (visible >> <u64> (d - 1)) & 1;
    if (now == 0 && before == 1) paint(t, d, 0);
  }
}

// Cells recruited d frames ago switch on when d enters the visible set (a cell is in at
// most one list of the ring: τ_IEI ≥ ring − 1 and waves restart after the ring drains).
function switchOn(t: i32): void {
  for (let d = 0; d < ring; d++) {
    const now = (visible >> <u64> d) & 1;
    const before = d == 0 ? <u64> 0 : (visible >> <u64> (d - 1)) & 1;
    if (now == 1 && before == 0) paint(t, d, 1);
  }
}

/** Runs up to `count` (≤ batch) frames from t0 into output(); returns frames produced. */
export function run(t0: i32, count: i32): i32 {
  nEvents = 0;
  for (let i = 0; i < count; i++) {
    const t = t0 + i;
    switchOff(t);
    const recruited = propagate(t);
    if (active) {
      if (recruited > 0) {
        cells += recruited;
        lastRecruit = t;
      } else if (endFrame < 0) endFrame = lastRecruit + delay;
      if (endFrame >= 0 && endFrame < t) {
        event(2, endFrame, cells);
        active = 0;
      }
    }
    let attempted = false;
    if (!active && nPlans > 0) {
      attempted = true;
      let used = -1;
      for (let j = 0; j < nPlans && used < 0; j++) if (tryStart(t, j)) used = j;
      if (used >= 0) {
        active = 1;
        cells = 1;
        lastRecruit = t;
        endFrame = -1;
      }
      event(1, t, used);
      nPlans = 0;
    }
    switchOn(t);
    if (maxBatch > 1) memory.copy(outPtr + <usize> i * <usize> ncell, curPtr, <usize> ncell);
    if (active && endFrame == t) {
      event(2, t, cells);
      active = 0;
    }
    if (attempted) {
      publish();
      return i + 1;
    }
  }
  publish();
  return count;
}

function publish(): void {
  store<i32>(statePtr, nEvents);
  store<i32>(statePtr, active ? cells : 0, 4);
}
