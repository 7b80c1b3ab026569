import type { WaveEvent, WaveStream } from "./types.ts";
import type { FrameSource } from "./_wasm_frames.ts";
import { WaveTracker } from "./_tracker.ts";
import { ensure } from "../../util/errors.ts";

/** What {@link EngineStream} needs besides the engine. */
export interface EngineStreamOptions {
  size: number;
  secondsPerFrame: number;
  micronsPerPixel: number;
  /** Track waves (default true). */
  track?: boolean;
  /** Frames simulated and discarded before the first frame read. */
  warmFrames: number;
  /** Frames per engine call during the warm-up. */
  warmChunk: number;
}

/**
 * A {@link WaveStream} over a frame engine (TS reference or WASM kernel): warm-up, frame
 * counting and wave tracking, shared by the models whose engines only produce frames.
 */
export class EngineStream implements WaveStream {
  readonly size: number;
  readonly secondsPerFrame: number;
  readonly micronsPerPixel: number;
  frame = 0;
  readonly #engine: FrameSource;
  readonly #tracker: WaveTracker | null;
  readonly #n: number;

  constructor(engine: FrameSource, options: EngineStreamOptions) {
    this.size = options.size;
    this.secondsPerFrame = options.secondsPerFrame;
    this.micronsPerPixel = options.micronsPerPixel;
    this.#engine = engine;
    this.#n = options.size * options.size;
    for (let done = 0; done < options.warmFrames; done += options.warmChunk) {
      engine.run(Math.min(options.warmChunk, options.warmFrames - done), null);
    }
    this.#tracker = options.track === false ? null : new WaveTracker(options.size);
  }

  get waves(): WaveEvent[] {
    return this.#tracker?.waves ?? [];
  }

  #track(frames: Uint8Array, count: number): void {
    const tracker = this.#tracker;
    const n = this.#n;
    if (tracker) {
      for (let f = 0; f < count; f++) tracker.push(frames.subarray(f * n, (f + 1) * n));
    }
    this.frame += count;
  }

  readView(maxFrames: number): Uint8Array {
    ensure(Number.isInteger(maxFrames) && maxFrames >= 1, `maxFrames must be a positive integer`);
    const view = this.#engine.view(maxFrames);
    this.#track(view, view.length / this.#n);
    return view;
  }

  read(out: Uint8Array, frames: number): void {
    ensure(out.length >= frames * this.#n, `frame buffer must hold ${frames * this.#n} values`);
    this.#engine.run(frames, out);
    this.#track(out, frames);
  }
}
