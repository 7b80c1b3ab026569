/**
 * Turns binary frames into wave records without a model's help: active pixels are
 * grouped into 8-connected components each frame, and a component continues the wave of
 * any pixel active in the previous frame within one pixel of it (the oldest such wave),
 * otherwise it starts a new wave. Memory is O(pixels), independent of the recording length.
 */
import type { WaveEvent } from "./types.ts";

/** Incremental wave tracker over frames of size×size. */
export class WaveTracker {
  readonly size: number;
  readonly waves: WaveEvent[] = [];
  #frame = 0;
  #prev: Int32Array; // wave id per pixel in the previous frame (−1: inactive)
  #cur: Int32Array;
  #lastWave: Int32Array; // last wave that recruited each pixel (for distinct cell counts)
  #stack: Int32Array;
  #open = new Map<number, { sumR: number; sumC: number; seen: boolean; r0: number; c0: number }>();

  #onRecruit?: (pixel: number, wave: WaveEvent, frame: number, origin: [number, number]) => void;

  /**
   * `onRecruit` is called each time a wave reaches a pixel for the first time, with the
   * exact (unrounded) centroid where the wave started.
   */
  constructor(
    size: number,
    onRecruit?: (pixel: number, wave: WaveEvent, frame: number, origin: [number, number]) => void,
  ) {
    this.size = size;
    this.#onRecruit = onRecruit;
    const n = size * size;
    this.#prev = new Int32Array(n).fill(-1);
    this.#cur = new Int32Array(n).fill(-1);
    this.#lastWave = new Int32Array(n).fill(-1);
    this.#stack = new Int32Array(n);
  }

  /** Feeds the next frame (size·size values, non-zero = active). */
  push(frame: ArrayLike<number>): void {
    const size = this.size, n = size * size;
    const cur = this.#cur.fill(-1), prev = this.#prev, stack = this.#stack;
    for (const state of this.#open.values()) state.seen = false;
    for (let p = 0; p < n; p++) {
      if (!frame[p] || cur[p] !== -1) continue;
      // Collect the component of p, marking it −2 while unlabelled.
      let top = 0, len = 0, label = Infinity;
      stack[top++] = p;
      cur[p] = -2;
      const members: number[] = [];
      while (top > 0) {
        const q = stack[--top];
        members.push(q);
        len++;
        const r = (q / size) | 0, c = q - r * size;
        for (let dr = -1; dr <= 1; dr++) {
          const rr = r + dr;
          if (rr < 0 || rr >= size) continue;
          for (let dc = -1; dc <= 1; dc++) {
            const cc = c + dc;
            if (cc < 0 || cc >= size) continue;
            const o = rr * size + cc;
            if (prev[o] >= 0 && prev[o] < label) label = prev[o];
            if (frame[o] && cur[o] === -1) {
              cur[o] = -2;
              stack[top++] = o;
            }
          }
        }
      }
      let sumR = 0, sumC = 0;
      for (const q of members) {
        sumR += (q / size) | 0;
        sumC += q % size;
      }
      if (label === Infinity) {
        label = this.waves.length;
        this.waves.push({
          id: label,
          start: [Math.round(sumR / len), Math.round(sumC / len)],
          direction: NaN,
          startFrame: this.#frame,
          endFrame: -1,
          cells: 0,
        });
        this.#open.set(label, { sumR: 0, sumC: 0, seen: true, r0: sumR / len, c0: sumC / len });
      }
      const wave = this.waves[label];
      const state = this.#open.get(label)!;
      state.seen = true;
      for (const q of members) {
        cur[q] = label;
        if (this.#lastWave[q] !== label) {
          this.#lastWave[q] = label;
          wave.cells++;
          state.sumR += (q / size) | 0;
          state.sumC += q % size;
          this.#onRecruit?.(q, wave, this.#frame, [state.r0, state.c0]);
        }
      }
      const dr = state.sumR / wave.cells - state.r0,
        dc = state.sumC / wave.cells - state.c0;
      wave.direction = Math.hypot(dr, dc) > 0.5 ? Math.atan2(dr, dc) : NaN;
    }
    for (const [id, state] of this.#open) {
      if (!state.seen) {
        this.waves[id].endFrame = this.#frame - 1;
        this.#open.delete(id);
      }
    }
    this.#prev = cur;
    this.#cur = prev;
    this.#frame++;
  }
}
