/**
 * The inner loop of the Teh et al. (2023) wave model in plain TypeScript: the reference
 * that the WASM SIMD kernel (kernels/src/waves_teh.ts) must reproduce byte for byte.
 * Only the frontier (cells recruited in the previous frame) is visited; per-cell last
 * firing times give refractoriness and a ring of per-frame recruit lists gives the
 * ON/OFF rendering, so a step costs O(frontier), not O(history) as in the authors' code.
 *
 * The engine runs batches of frames. Wave plans (start cell + 8 thresholds) are computed
 * by the host (they need log/cos/atan2) and loaded ahead; a batch stops after any frame in
 * which a wave start was attempted so the host can load the next plan. Events are
 * reported as [type, frame, value] triples: START (value = plan index used, −1 if every
 * planned cell was refractory) and END (value = cells recruited).
 */
import { hash3 } from "../../util/rng.ts";

/** Settings shared by the TS engine and the WASM kernel. */
export interface TehEngineConfig {
  size: number;
  seed: number;
  tauIEI: number;
  nV: number;
  tWave: number;
  tauOn: number;
  tauOff: number;
  /** Keep refractoriness across waves. */
  carry: boolean;
}

/** Event types reported by {@link TehEngine.run}. */
export const EVENT_START = 1;
/** A wave stopped showing at `frame`; value = cells recruited. */
export const EVENT_END = 2;

/** The operations the wave driver needs from an engine. */
export interface TehEngine {
  /** Loads `count` start plans, 9 ints each: cell, then 8 thresholds. */
  load(plans: Int32Array, count: number): void;
  /** Runs up to `count` (≤ maxBatch) frames from t0 into `output`; returns frames produced. */
  run(t0: number, count: number): number;
  /** The engine's frame buffer (maxBatch frames); valid until the next run. */
  readonly output: Uint8Array;
  /** Events of the last run: [type, frame, value] × n. */
  events(): Int32Array;
  /** Cells recruited so far by the running wave (0 when none runs). */
  cells(): number;
  /** Largest batch `run` accepts. */
  readonly maxBatch: number;
}

/** Neighbour k sits at angle k·π/4 from the +col axis towards +row. */
export const DR = [0, 1, 1, 1, 0, -1, -1, -1];
/** Column offsets of the 8 neighbours (see {@link DR}). */
export const DC = [1, 1, 0, -1, -1, -1, 0, 1];

/** Ring length: frames of recruit lists kept for propagation and rendering. */
export function ringLength(c: TehEngineConfig): number {
  return Math.max(2, Math.max(c.tauOn, c.tauOff) + c.tWave + 1);
}

/** Frame offsets (t − recruit frame) at which a recruited cell is visible. */
export function visibleOffsets(c: TehEngineConfig): number[] {
  const offsets = new Set<number>();
  for (let d = 0; d <= c.tWave; d++) {
    offsets.add(c.tauOn + d);
    offsets.add(c.tauOff + d);
  }
  return [...offsets].sort((a, b) => a - b);
}

/** Creates the TypeScript reference engine. */
export function createTehTsEngine(c: TehEngineConfig): TehEngine {
  const size = c.size;
  const n = size * size;
  const ring = ringLength(c);
  const delay = Math.max(c.tauOn, c.tauOff) + c.tWave;
  const lastFire = new Int32Array(n).fill(-0x40000000);
  const lists = Array.from({ length: ring }, () => new Int32Array(n));
  const counts = new Int32Array(ring);
  const offsets = visibleOffsets(c);
  let thr = new Uint32Array(8);
  let floor = 0;
  let plans = new Int32Array(0);
  let nPlans = 0;
  let active = false, cells = 0, lastRecruit = 0, endFrame = -1;
  const events: number[] = [];
  const maxBatch = 16;
  const output = new Uint8Array(maxBatch * n);

  function activeNeighbours(cell: number, t: number): number {
    const r = (cell / size) | 0, col = cell - r * size;
    const hi = t - 1 - c.tauOn, lo = hi - c.tWave;
    let count = 0;
    for (let k = 0; k < 8; k++) {
      const rr = r + DR[k], cc = col + DC[k];
      if (rr < 0 || rr >= size || cc < 0 || cc >= size) continue;
      const lf = lastFire[rr * size + cc];
      if (lf >= lo && lf <= hi && lf >= floor) count++;
    }
    return count;
  }

  function propagate(t: number): number {
    const slot = t % ring;
    counts[slot] = 0;
    if (t === 0) return 0;
    const prev = (t - 1) % ring;
    const src = lists[prev], dst = lists[slot];
    let m = 0;
    for (let i = 0; i < counts[prev]; i++) {
      const s = src[i];
      const r = (s / size) | 0, col = s - r * size;
      for (let k = 0; k < 8; k++) {
        const rr = r + DR[k], cc = col + DC[k];
        if (rr < 0 || rr >= size || cc < 0 || cc >= size) continue;
        if ((hash3(c.seed, 2 * t, s * 8 + k) >>> 8) >= thr[k]) continue;
        const cell = rr * size + cc;
        const lf = lastFire[cell];
        if (lf >= floor && t - lf <= c.tauIEI) continue;
        if (c.nV > 1 && activeNeighbours(cell, t) < c.nV) continue;
        lastFire[cell] = t;
        dst[m++] = cell;
      }
    }
    counts[slot] = m;
    return m;
  }

  function tryStart(t: number, j: number): boolean {
    const cell = plans[9 * j];
    const waveFloor = c.carry ? -0x7fffffff : t;
    const lf = lastFire[cell];
    if (lf >= waveFloor && t - lf <= c.tauIEI) return false;
    thr = Uint32Array.from(plans.subarray(9 * j + 1, 9 * j + 9));
    floor = waveFloor;
    lastFire[cell] = t;
    const slot = t % ring;
    lists[slot][counts[slot]++] = cell;
    return true;
  }

  function render(t: number, out: Uint8Array, at: number): void {
    out.fill(0, at, at + n);
    for (const d of offsets) {
      if (t - d < 0) continue;
      const slot = (t - d) % ring;
      const list = lists[slot];
      for (let i = 0; i < counts[slot]; i++) out[at + list[i]] = 1;
    }
  }

  return {
    maxBatch,
    output,
    load(p, count) {
      plans = p.slice(0, 9 * count);
      nPlans = count;
    },
    events: () => Int32Array.from(events),
    cells: () => (active ? cells : 0),
    run(t0, count) {
      const out = output;
      events.length = 0;
      for (let i = 0; i < Math.min(count, maxBatch); i++) {
        const t = t0 + i;
        const recruited = propagate(t);
        if (active) {
          if (recruited > 0) {
            cells += recruited;
            lastRecruit = t;
          } else if (endFrame < 0) endFrame = lastRecruit + delay;
          if (endFrame >= 0 && endFrame < t) {
            events.push(EVENT_END, endFrame, cells);
            active = false;
          }
        }
        let attempted = false;
        if (!active && nPlans > 0) {
          attempted = true;
          let used = -1;
          for (let j = 0; j < nPlans && used < 0; j++) if (tryStart(t, j)) used = j;
          if (used >= 0) {
            active = true;
            cells = 1;
            lastRecruit = t;
            endFrame = -1;
          }
          events.push(EVENT_START, t, used);
          nPlans = 0;
        }
        render(t, out, i * n);
        if (active && endFrame === t) {
          events.push(EVENT_END, t, cells);
          active = false;
        }
        if (attempted) return i + 1;
      }
      return Math.min(count, maxBatch);
    },
  };
}
