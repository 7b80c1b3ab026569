import type { WaveMovie, WaveStream } from "./types.ts";
import { require } from "../../util/errors.ts";

/** Checks `frames`, then reads that many frames of `sim` into one in-memory movie. */
export function recordMovie(frames: number, start: () => WaveStream): WaveMovie {
  require(
    Number.isInteger(frames) && frames >= 0,
    `frames must be a non-negative integer, got ${frames}`,
  );
  const sim = start();
  const data = new Uint8Array(frames * sim.size * sim.size);
  sim.read(data, frames);
  return { size: sim.size, frames, data, waves: sim.waves };
}
