/**
 * The playground's stimuli, one frame at a time at the model's frame size: the three
 * retinal-wave models (simulated on the 64 × 64 grid they are defined on, as the may2025
 * study does, and area-averaged to the model's size) and the May et al. corridor flight in
 * the authors' view.
 */
import { renderCorridorView } from "../../stimuli/corridor_view.ts";
import { resizeFrames } from "../../stimuli/resize.ts";
import { godfreyStream } from "../../stimuli/waves/godfrey.ts";
import { lansdellStream } from "../../stimuli/waves/lansdell.ts";
import { tehStream } from "../../stimuli/waves/teh.ts";
import type { WaveStream } from "../../stimuli/waves/types.ts";

/** The stimuli the playground offers. */
export const STIMULI = ["teh", "godfrey", "lansdell", "corridor"] as const;

/** One of {@link STIMULI}. */
export type StimulusKind = typeof STIMULI[number];

/** What the user picked. */
export interface StimulusChoice {
  /** Which stimulus. */
  kind: StimulusKind;
  /** Teh waves only: inhibition point near the nose (directional) or anywhere. */
  directional: boolean;
  /** Seed of the simulation or of the corridor's cues. */
  seed: number;
}

/** An endless movie of frames of `size × size` pixels, values in [0, 1]. */
export interface FrameSource {
  /** Pixels per side. */
  readonly size: number;
  /** The next frame (a new array each call). */
  next(): Float32Array;
}

const WAVE_GRID = 64;
/** Godfrey waves at 100 ms frames (as in the may2025 study): a wave lasts ≈ 70 frames. */
const GODFREY_STEPS_PER_FRAME = 4;
/** A frame with fewer active cells than this (of 64²) is quiet: no wave on screen. */
const QUIET_CELLS = 20;
/** Quiet frames kept before a wave; longer silences between waves are skipped. */
const QUIET_KEPT = 3;
/** At most this many quiet frames are skipped per frame shown (the page stays responsive). */
const MAX_SKIP = 600;
/** The corridor loops over this many frames. */
const CORRIDOR_FRAMES = 400;
/** Panels per frame whose motion per pixel at 64 × 64 matches the authors' movie. */
const AUTHORS_SPEED = 0.025;

/** A sentence fragment naming the stimulus (used in the page's explanation). */
export function describeStimulus(choice: StimulusChoice): string {
  switch (choice.kind) {
    case "teh":
      return choice.directional
        ? "directional retinal waves (Teh et al. model: waves travel away from a point near the nose)"
        : "undirectional retinal waves (Teh et al. model, inhibition point anywhere)";
    case "godfrey":
      return "undirectional retinal waves (Godfrey–Swindale model)";
    case "lansdell":
      return "undirectional retinal waves (Lansdell et al. reaction–diffusion model)";
    case "corridor":
      return "a flight along the corridor of May et al. (cue panels on one wall)";
  }
}

function waveStream(choice: StimulusChoice): WaveStream {
  const seed = choice.seed;
  if (choice.kind === "godfrey") {
    return godfreyStream({ size: WAVE_GRID, seed, stepsPerFrame: GODFREY_STEPS_PER_FRAME });
  }
  if (choice.kind === "lansdell") return lansdellStream({ size: WAVE_GRID, seed });
  return tehStream({ size: WAVE_GRID, seed, directional: choice.directional });
}

/** Waves: skips long silences between waves so that something moves on screen. */
class WaveSource implements FrameSource {
  readonly #stream: WaveStream;
  readonly #frame = new Uint8Array(WAVE_GRID * WAVE_GRID);
  #quiet = 0;

  constructor(choice: StimulusChoice, readonly size: number) {
    this.#stream = waveStream(choice);
  }

  next(): Float32Array {
    for (let skipped = 0;; skipped++) {
      this.#stream.read(this.#frame, 1);
      let active = 0;
      for (const v of this.#frame) active += v;
      this.#quiet = active < QUIET_CELLS ? this.#quiet + 1 : 0;
      if (this.#quiet <= QUIET_KEPT || skipped >= MAX_SKIP) break;
    }
    return this.size === WAVE_GRID
      ? Float32Array.from(this.#frame)
      : resizeFrames(this.#frame, 1, WAVE_GRID, WAVE_GRID, this.size, this.size, "area");
  }
}

/** The corridor, rendered once and looped. */
class CorridorSource implements FrameSource {
  readonly #movie: Float32Array;
  #t = 0;

  constructor(choice: StimulusChoice, readonly size: number) {
    this.#movie = renderCorridorView({
      width: size,
      height: size,
      frames: CORRIDOR_FRAMES,
      seed: choice.seed,
      speed: AUTHORS_SPEED * WAVE_GRID / size,
    });
  }

  next(): Float32Array {
    const n = this.size * this.size;
    const frame = this.#movie.slice(this.#t * n, (this.#t + 1) * n);
    this.#t = (this.#t + 1) % CORRIDOR_FRAMES;
    return frame;
  }
}

/** The stimulus `choice` at `size × size` pixels. */
export function createSource(choice: StimulusChoice, size: number): FrameSource {
  return choice.kind === "corridor"
    ? new CorridorSource(choice, size)
    : new WaveSource(choice, size);
}
