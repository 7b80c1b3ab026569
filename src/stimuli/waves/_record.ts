import type { WaveMovie, WaveStream } from "./types.ts";
import { requireFrameCount } from "../_checks.ts";

/** Checks `frames`, then reads that many frames of `sim` into one in-memory movie. */
export function recordMovie(frames: number, start: () => WaveStream): WaveMovie {
  requireFrameCount(frames);
  const sim = start();
  const data = new Uint8Array(frames * sim.size * sim.size);
  sim.read(data, frames);
  return { size: sim.size, frames, data, waves: sim.waves };
}
