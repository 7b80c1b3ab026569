/**
 * Streaming writers for frame stacks: `.npy` (uint8 or float32, shape [frames, h, w]) and
 * animated `.gif` (grey, via gifenc). Frames are written as they arrive, so a recording of
 * any length needs only one chunk in memory; the file appears under its name only when
 * complete (`close()`), and `abort()` leaves nothing behind.
 */
// deno-lint-ignore no-import-prefix -- mod.ts must import from a URL without an import map
import gifenc from "npm:gifenc@1.0.3";
import { InputError } from "../util/errors.ts";
import { encodeHeader } from "./_npy_header.ts";
import { AtomicStreamFile } from "./_stream_file.ts";

/** Where frames go. */
export interface FrameWriter {
  /** Output path. */
  readonly path: string;
  /** Appends `frames` frames (h·w values each) from `data`. */
  write(data: Uint8Array | Float32Array, frames: number): void;
  /** Finishes and publishes the file; throws if fewer frames than announced were written. */
  close(): void;
  /** Drops the partial file. */
  abort(): void;
}

/** Options of {@link openFrameWriter}. */
export interface FrameWriterOptions {
  /** Total number of frames (NPY needs it for the header). */
  frames: number;
  /** Frame height in pixels. */
  height: number;
  /** Frame width in pixels. */
  width: number;
  /** NPY element type (default uint8 for 0/1 data, float32 otherwise). */
  dtype?: "uint8" | "float32";
  /** GIF frame rate (default 10). */
  fps?: number;
  /** GIF value range mapped to black..white (default [0, 1]). */
  range?: [number, number];
}

/**
 * Opens a streaming writer chosen by the file extension (.npy or .gif).
 *
 * @example
 * ```ts
 * import { openFrameWriter } from "@prevision/prevision/io";
 * const out = openFrameWriter("runs/waves.npy", { frames: 2, height: 4, width: 4, dtype: "uint8" });
 * out.write(new Uint8Array(2 * 16), 2);
 * out.close();
 * ```
 */
export function openFrameWriter(path: string, options: FrameWriterOptions): FrameWriter {
  const { frames, height, width } = options;
  for (const [name, v] of [["frames", frames], ["height", height], ["width", width]] as const) {
    if (!Number.isInteger(v) || v < (name === "frames" ? 0 : 1)) {
      throw new InputError(`${name} must be a positive integer, got ${v}`);
    }
  }
  const lower = path.toLowerCase();
  if (lower.endsWith(".npy")) return npyWriter(path, options);
  if (lower.endsWith(".gif")) return gifWriter(path, options);
  throw new InputError(`--out must end in .npy or .gif, got '${path}'`);
}

function checked(
  path: string,
  options: FrameWriterOptions,
  put: (data: Uint8Array | Float32Array, n: number) => void,
  finish: () => void,
  file: AtomicStreamFile,
): FrameWriter {
  const per = options.height * options.width;
  let count = 0;
  return {
    path,
    write(data, frames) {
      if (data.length < frames * per) {
        throw new InputError(`frame writer: expected ${frames * per} values, got ${data.length}`);
      }
      if (count + frames > options.frames) {
        throw new InputError(`frame writer: more than the ${options.frames} announced frames`);
      }
      try {
        put(data, frames);
      } catch (error) {
        file.abort();
        throw error;
      }
      count += frames;
    },
    close() {
      if (count !== options.frames) {
        file.abort();
        throw new InputError(`frame writer: ${count} of ${options.frames} frames written`);
      }
      finish();
      file.commit();
    },
    abort: () => file.abort(),
  };
}

function npyWriter(path: string, options: FrameWriterOptions): FrameWriter {
  const dtype = options.dtype ?? "float32";
  const file = new AtomicStreamFile(path);
  file.write(encodeHeader(dtype, [options.frames, options.height, options.width]));
  const per = options.height * options.width;
  return checked(
    path,
    options,
    (data, frames) => {
      const n = frames * per;
      if (dtype === "uint8") {
        const bytes = data instanceof Uint8Array
          ? data.subarray(0, n)
          : Uint8Array.from(data.subarray(0, n), (v) => v);
        file.write(bytes);
      } else {
        const floats = data instanceof Float32Array
          ? data.subarray(0, n)
          : Float32Array.from(data.subarray(0, n));
        file.write(new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength));
      }
    },
    () => {},
    file,
  );
}

function gifWriter(path: string, options: FrameWriterOptions): FrameWriter {
  const fps = options.fps ?? 10;
  if (!(fps > 0)) throw new InputError(`fps must be > 0, got ${fps}`);
  const [lo, hi] = options.range ?? [0, 1];
  const file = new AtomicStreamFile(path);
  const encoder = gifenc.GIFEncoder({ auto: false });
  const palette = Array.from({ length: 256 }, (_, i) => [i, i, i]);
  encoder.writeHeader();
  const per = options.height * options.width;
  const index = new Uint8Array(per);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  let first = true;
  return checked(path, options, (data, frames) => {
    for (let f = 0; f < frames; f++) {
      for (let p = 0; p < per; p++) {
        const v = (data[f * per + p] - lo) * scale;
        index[p] = v > 255 ? 255 : v > 0 ? Math.round(v) : 0;
      }
      encoder.writeFrame(index, options.width, options.height, {
        palette,
        first,
        delay: 1000 / fps,
        repeat: 0,
      });
      first = false;
      file.write(encoder.bytesView());
      encoder.reset();
    }
  }, () => {
    encoder.finish();
    file.write(encoder.bytesView());
  }, file);
}
