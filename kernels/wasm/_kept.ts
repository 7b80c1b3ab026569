/**
 * The padded input and output of a conv-RNN layer, kept on the shared heap from its forward
 * pass to its backward pass so that the backward need not copy them in again (two copies of
 * the whole sequence per layer). Kept buffers form a stack at the bottom of the heap:
 * stacked layers push in their forward passes and pop in their backward passes, in reverse
 * order; every other layout starts above them. Entries are found by the tfjs data of x and
 * h (immutable, so equal data ids mean equal contents). A forward whose backward never
 * comes leaves its entry behind; past 16 entries or 1 GiB the stack is dropped and later
 * backward passes copy their inputs in as before.
 *
 * @module
 */
import { HEAP_BASE } from "../threads/pool.ts";
import { Layout, type Padded, setLayoutFloor } from "./_padded.ts";

/** The kept buffers of one layer call. */
export interface KeptPair {
  xp: Padded;
  hp: Padded;
}

interface Entry extends KeptPair {
  x: object;
  h: object;
  end: number;
  done: boolean;
}

const MAX_ENTRIES = 16;
const MAX_BYTES = 2 ** 30;
const stack: Entry[] = [];
let enabled = true;

function top(): number {
  return stack.length ? stack[stack.length - 1].end : HEAP_BASE;
}

function drop(): void {
  stack.length = 0;
  setLayoutFloor(HEAP_BASE);
}

/** Turns keeping off (every backward copies its inputs in) or back on; drops the stack. */
export function useKeptBuffers(on: boolean): void {
  enabled = on;
  drop();
}

/** Entries on the stack (for tests). */
export function keptCount(): number {
  return stack.length;
}

/**
 * Lays out padded buffers for x [n, h, w, cin] and h [n, h, w, c] (border `pad`) that stay
 * until {@link release}; null when keeping is off.
 */
export function keep(
  x: object,
  h: object,
  g: { n: number; h: number; w: number; cin: number; c: number; pad: number },
): KeptPair | null {
  if (!enabled) return null;
  const bytes = g.n * (g.h + 2 * g.pad) * (g.w + 2 * g.pad) * (g.cin + g.c) * 4;
  if (stack.length >= MAX_ENTRIES || top() - HEAP_BASE + bytes > MAX_BYTES) drop();
  const lay = new Layout(top());
  const xp = lay.padded(g.n, g.h, g.w, g.cin, g.pad), hp = lay.padded(g.n, g.h, g.w, g.c, g.pad);
  stack.push({ x, h, xp, hp, end: lay.top, done: false });
  setLayoutFloor(lay.top);
  return { xp, hp };
}

/** The buffers kept for (x, h), if any. */
export function kept(x: object, h: object): KeptPair | null {
  return stack.find((e) => !e.done && e.x === x && e.h === h) ?? null;
}

/** Releases the buffers kept for (x, h) (after the backward pass is done with them). */
export function release(x: object, h: object): void {
  const entry = stack.find((e) => !e.done && e.x === x && e.h === h);
  if (entry) entry.done = true;
  while (stack.length && stack[stack.length - 1].done) stack.pop();
  setLayoutFloor(top());
}
