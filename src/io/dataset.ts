/**
 * Dataset builder: cuts frame streams into clips of N frames every `stride` frames and
 * sends each clip to a train / validation / test split decided per group (a wave, or a
 * movie), so that no frame ever appears in two splits. Works on streams: only the last N
 * frames are held, and clips are appended to .npy files whose header is completed at the
 * end, so memory stays bounded however long the simulation.
 */
import { ensure, InputError } from "../util/errors.ts";
import { hash3 } from "../util/rng.ts";
import { encodeHeader, type NpyDtype } from "./_npy_header.ts";
import { AtomicStreamFile } from "./_stream_file.ts";

/** The three splits. */
export type DataSplit = "train" | "val" | "test";
/** All splits in order. */
export const SPLITS: readonly DataSplit[] = ["train", "val", "test"];

/**
 * The split of a group (wave id or movie name): a seeded hash compared with the fractions,
 * so the assignment needs no global view of the groups and is the same on every run.
 *
 * @example
 * ```ts
 * import { splitOf } from "@prevision/prevision/io";
 * splitOf("movie-3.mp4", [0.8, 0.1, 0.1], 1); // "train", "val" or "test"
 * ```
 */
export function splitOf(
  group: number | string,
  fractions: readonly [number, number, number],
  seed: number,
): DataSplit {
  const key = typeof group === "number"
    ? group
    : [...group].reduce((h, ch) => hash3(h, 1, ch.codePointAt(0)!), 0x811c9dc5);
  const u = hash3(seed, typeof group === "number" ? 0x5eed : 0x5eee, key) / 2 ** 32;
  const total = fractions[0] + fractions[1] + fractions[2];
  return u < fractions[0] / total
    ? "train"
    : u < (fractions[0] + fractions[1]) / total
    ? "val"
    : "test";
}

/** Options of {@link ClipBuilder}. */
export interface ClipOptions {
  /** Frames per clip (e.g. 11 for May et al.: 10 inputs + 1 target). */
  clipFrames: number;
  /** Frames between clip starts (default clipFrames: no overlap). */
  stride?: number;
}

/**
 * Cuts clips from frames pushed one group-labelled frame at a time.
 *
 * @example
 * ```ts
 * import { ClipBuilder } from "@prevision/prevision/io";
 * const clips: string[] = [];
 * const b = new ClipBuilder(4, { clipFrames: 3, stride: 2 }, (split) => clips.push(split));
 * for (let f = 0; f < 10; f++) b.push(new Uint8Array(4), "train");
 * console.log(clips.length); // 4
 * ```
 */
export class ClipBuilder {
  /** Values per frame. */
  readonly frameSize: number;
  /** Frames per clip. */
  readonly clipFrames: number;
  /** Frames between clip starts. */
  readonly stride: number;
  #ring: Float32Array;
  #splits: (DataSplit | null)[];
  #seen = 0;
  #onClip: (split: DataSplit, clip: Float32Array, firstFrame: number) => void;
  #clip: Float32Array;
  #base = 0;

  /** `onClip` receives each clip (a reused buffer: copy it to keep it) with its split and first frame. */
  constructor(
    frameSize: number,
    options: ClipOptions,
    onClip: (split: DataSplit, clip: Float32Array, firstFrame: number) => void,
  ) {
    const stride = options.stride ?? options.clipFrames;
    ensure(
      Number.isInteger(options.clipFrames) && options.clipFrames >= 1,
      `clipFrames must be a positive integer`,
    );
    ensure(Number.isInteger(stride) && stride >= 1, `stride must be a positive integer`);
    this.frameSize = frameSize;
    this.clipFrames = options.clipFrames;
    this.stride = stride;
    this.#ring = new Float32Array(options.clipFrames * frameSize);
    this.#splits = new Array(options.clipFrames).fill(null);
    this.#clip = new Float32Array(options.clipFrames * frameSize);
    this.#onClip = onClip;
  }

  /** Adds the next frame with the split it belongs to. */
  push(frame: ArrayLike<number>, split: DataSplit): void {
    const n = this.clipFrames, slot = this.#seen % n;
    this.#ring.set(frame as ArrayLike<number>, slot * this.frameSize);
    this.#splits[slot] = split;
    this.#seen++;
    const first = this.#seen - n;
    if (first < this.#base || (first - this.#base) % this.stride !== 0) return;
    for (let i = 0; i < n; i++) if (this.#splits[i] !== split) return; // would straddle two splits
    for (let i = 0; i < n; i++) {
      const src = ((first + i) % n) * this.frameSize;
      this.#clip.set(this.#ring.subarray(src, src + this.frameSize), i * this.frameSize);
    }
    this.#onClip(split, this.#clip, first);
  }

  /** Starts a new movie: no clip will span the boundary. */
  boundary(): void {
    this.#base = this.#seen;
    this.#splits.fill(null);
  }
}

/** An .npy file of [count, ...inner] that grows as items are appended. */
export class NpyAppender {
  /** Output path. */
  readonly path: string;
  /** Shape of one item. */
  readonly inner: number[];
  /** Element type on disk. */
  readonly dtype: NpyDtype;
  /** Items appended so far. */
  count = 0;
  #file: AtomicStreamFile;
  #headerLength: number;

  /** Opens `path` (published on close) for items of shape `inner`. */
  constructor(path: string, inner: number[], dtype: "float32" | "uint8" = "float32") {
    this.path = path;
    this.inner = inner;
    this.dtype = dtype;
    this.#file = new AtomicStreamFile(path);
    const header = encodeHeader(dtype, [1e15, ...inner]);
    this.#headerLength = header.length;
    this.#file.write(header);
  }

  /** Appends one item (product of inner shape values). */
  append(item: Float32Array | Uint8Array): void {
    const size = this.inner.reduce((a, b) => a * b, 1);
    if (item.length !== size) {
      throw new InputError(`${this.path}: item has ${item.length} values, expected ${size}`);
    }
    const data = this.dtype === "float32"
      ? (item instanceof Float32Array ? item : Float32Array.from(item))
      : (item instanceof Uint8Array ? item : Uint8Array.from(item, (v) => Math.round(v)));
    this.#file.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.count++;
  }

  /** Writes the final header and publishes the file. */
  close(): void {
    this.#file.writeAt(
      0,
      encodeHeader(this.dtype, [this.count, ...this.inner], this.#headerLength),
    );
    this.#file.commit();
  }

  /** Deletes the partial file. */
  abort(): void {
    this.#file.abort();
  }
}
