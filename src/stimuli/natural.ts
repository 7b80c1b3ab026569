/**
 * Natural movies: any video ffmpeg can read, decoded to grey frames at a target size and
 * frame rate (ffmpeg runs as a subprocess and streams raw frames); still images turned into
 * movies by simulated self-motion (slow drift plus saccades); recorded wave movies from
 * multi-page TIFF stacks or .npy files. All frames are Float32 in [0, 1].
 */
// deno-lint-ignore no-import-prefix -- mod.ts must import from a URL without an import map
import { decode as decodePng } from "npm:fast-png@8.0.0";
import { ensure, InputError } from "../util/errors.ts";
import { Rng } from "../util/rng.ts";
import { npyToFloat64, readNpy } from "../io/npy.ts";
import { readTiffStack } from "../io/tiff.ts";
import { resizeFrames } from "./resize.ts";
import { requireFrameCount } from "./_checks.ts";

/** Grey frames in [0, 1]. */
export interface Movie {
  /** Number of frames. */
  frames: number;
  /** Frame height in pixels. */
  height: number;
  /** Frame width in pixels. */
  width: number;
  /** frames·height·width values in [0, 1]. */
  data: Float32Array;
}

/** Options of {@link decodeVideo}. */
export interface DecodeOptions {
  /** Output width (default 64). */
  width?: number;
  /** Output height (default 64). */
  height?: number;
  /** Output frame rate (default: the file's own). */
  fps?: number;
  /** Stop after this many frames. */
  maxFrames?: number;
  /** Seconds to skip at the start. */
  start?: number;
}

const FFMPEG_MISSING =
  "ffmpeg is not installed (needed to decode video; install it with `apt-get install ffmpeg`)";

/**
 * Streams a video file as grey frames (each a width×height Uint8Array view, reused).
 *
 * @example
 * ```ts
 * import { decodeVideo } from "@prevision/prevision/stimuli";
 * for await (const frame of decodeVideo("movie.mp4", { width: 64, height: 64, fps: 30, maxFrames: 10 })) {
 *   console.log(frame.length); // 4096
 * }
 * ```
 */
export async function* decodeVideo(
  path: string,
  options: DecodeOptions = {},
): AsyncGenerator<Uint8Array> {
  const width = options.width ?? 64, height = options.height ?? 64;
  ensure(
    Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0,
    "video size must be positive integers",
  );
  try {
    Deno.statSync(path);
  } catch {
    throw new InputError(`${path}: no such file`);
  }
  const filters = [];
  if (options.fps !== undefined) {
    ensure(options.fps > 0, `fps must be > 0, got ${options.fps}`);
    filters.push(`fps=${options.fps}`);
  }
  filters.push(`scale=${width}:${height}:flags=area`, "format=gray");
  const args = ["-v", "error", "-nostdin"];
  if (options.start) args.push("-ss", String(options.start));
  args.push("-i", path, "-vf", filters.join(","));
  if (options.maxFrames !== undefined) args.push("-frames:v", String(options.maxFrames));
  args.push("-f", "rawvideo", "-pix_fmt", "gray", "pipe:1");
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("ffmpeg", { args, stdout: "piped", stderr: "piped", stdin: "null" })
      .spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(FFMPEG_MISSING);
    throw error;
  }
  const errText = new Response(child.stderr).text();
  const frameBytes = width * height;
  const frame = new Uint8Array(frameBytes);
  let filled = 0, count = 0;
  const reader = child.stdout.getReader();
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      let off = 0;
      while (off < value.length) {
        const take = Math.min(frameBytes - filled, value.length - off);
        frame.set(value.subarray(off, off + take), filled);
        filled += take;
        off += take;
        if (filled === frameBytes) {
          filled = 0;
          count++;
          yield frame;
        }
      }
    }
  } finally {
    reader.releaseLock();
    try {
      child.kill();
    } catch { /* already exited */ }
  }
  const status = await child.status;
  const stderr = (await errText).trim();
  if (!status.success && count === 0) {
    throw new InputError(
      `${path}: ffmpeg could not decode it (${stderr.split("\n")[0] || `exit ${status.code}`})`,
    );
  }
}

/**
 * Decodes a whole video (or its first maxFrames) into memory.
 *
 * @example
 * ```ts
 * import { readVideo } from "@prevision/prevision/stimuli";
 * const movie = await readVideo("movie.mp4", { width: 64, height: 64, fps: 10, maxFrames: 100 });
 * ```
 */
export async function readVideo(path: string, options: DecodeOptions = {}): Promise<Movie> {
  const width = options.width ?? 64, height = options.height ?? 64;
  const parts: Float32Array[] = [];
  for await (const frame of decodeVideo(path, options)) {
    parts.push(Float32Array.from(frame, (v) => v / 255));
  }
  if (parts.length === 0) throw new InputError(`${path}: no video frames decoded`);
  const data = new Float32Array(parts.length * width * height);
  parts.forEach((p, i) => data.set(p, i * width * height));
  return { frames: parts.length, height, width, data };
}

/**
 * Loads a still image as grey values in [0, 1]: PNG directly, .npy 2-D arrays (min–max
 * scaled), anything else through ffmpeg at its native size (or `maxSide` on its long side).
 */
export async function readImage(
  path: string,
  maxSide = 512,
): Promise<{ height: number; width: number; data: Float32Array }> {
  const lower = path.toLowerCase();
  if (lower.endsWith(".npy")) {
    const a = readNpy(path);
    if (a.shape.length !== 2) {
      throw new InputError(`${path}: expected a 2-D image array, got shape [${a.shape}]`);
    }
    return { height: a.shape[0], width: a.shape[1], data: scale01(npyToFloat64(a.data)) };
  }
  if (lower.endsWith(".png")) {
    let png;
    try {
      png = decodePng(Deno.readFileSync(path));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) throw new InputError(`${path}: no such file`);
      throw new InputError(`${path}: corrupt PNG (${String(error).split("\n")[0]})`);
    }
    const { width, height, channels } = png;
    const max = png.depth === 16 ? 65535 : png.depth === 8 ? 255 : 2 ** png.depth - 1;
    const data = new Float32Array(width * height);
    const colour = channels >= 3;
    for (let i = 0; i < width * height; i++) {
      const p = i * channels;
      const v = colour
        ? 0.299 * png.data[p] + 0.587 * png.data[p + 1] + 0.114 * png.data[p + 2]
        : png.data[p];
      data[i] = v / max;
    }
    return { height, width, data };
  }
  const probe = await readVideo(path, { width: maxSide, height: maxSide, maxFrames: 1 });
  return { height: probe.height, width: probe.width, data: probe.data };
}

function scale01(values: Float64Array): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Float32Array(values.length);
  const s = hi > lo ? 1 / (hi - lo) : 0;
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - lo) * s;
  return out;
}

/** Options of {@link selfMotionMovie}. */
export interface SelfMotionOptions {
  /** Number of frames. */
  frames: number;
  /** Output width (default 64). */
  width?: number;
  /** Output height (default 64). */
  height?: number;
  /** Side of the viewing window as a fraction of the image's short side (default 0.5). */
  window?: number;
  /** Drift speed SD in window widths per frame (default 0.01). */
  drift?: number;
  /** Saccades per frame (default 0.03, ~1 per second at 30 Hz). */
  saccadeRate?: number;
  /** Seed of the drift and saccades. */
  seed: number;
}

/**
 * Turns a still image into a movie by moving a viewing window over it: slow drift (an
 * Ornstein–Uhlenbeck velocity) interrupted by saccades (jumps to a random location).
 *
 * @example
 * ```ts
 * import { selfMotionMovie } from "@prevision/prevision/stimuli";
 * const image = { height: 128, width: 128, data: new Float32Array(128 * 128).map((_, i) => (i % 7) / 7) };
 * const movie = selfMotionMovie(image, { frames: 60, seed: 1 });
 * ```
 */
export function selfMotionMovie(
  image: { height: number; width: number; data: Float32Array },
  options: SelfMotionOptions,
): Movie & { x: Float32Array; y: Float32Array; saccade: Uint8Array } {
  const width = options.width ?? 64, height = options.height ?? 64;
  const frac = options.window ?? 0.5,
    drift = options.drift ?? 0.01,
    rate = options.saccadeRate ?? 0.03;
  requireFrameCount(options.frames);
  ensure(frac > 0 && frac <= 1, `window must be in (0, 1], got ${frac}`);
  ensure(drift >= 0 && rate >= 0 && rate <= 1, "drift must be ≥ 0 and saccadeRate in [0, 1]");
  ensure(
    image.data.length === image.height * image.width && image.height > 1 && image.width > 1,
    "bad image",
  );
  const side = Math.min(image.height, image.width) * frac;
  const winW = side, winH = (side * height) / width;
  const maxX = image.width - winW, maxY = image.height - winH;
  const rng = new Rng(options.seed, 21);
  let x = rng.range(0, maxX), y = rng.range(0, maxY), vx = 0, vy = 0;
  const n = options.frames, data = new Float32Array(n * width * height);
  const xs = new Float32Array(n), ys = new Float32Array(n), sac = new Uint8Array(n);
  for (let f = 0; f < n; f++) {
    if (f > 0 && rng.bernoulli(rate)) {
      x = rng.range(0, maxX);
      y = rng.range(0, maxY);
      vx = vy = 0;
      sac[f] = 1;
    } else {
      vx = 0.9 * vx + drift * winW * rng.normal();
      vy = 0.9 * vy + drift * winW * rng.normal();
      x += vx;
      y += vy;
      if (x < 0 || x > maxX) vx = -vx;
      if (y < 0 || y > maxY) vy = -vy;
      x = Math.min(maxX, Math.max(0, x));
      y = Math.min(maxY, Math.max(0, y));
    }
    xs[f] = x;
    ys[f] = y;
    // Bilinear sampling of the window.
    const base = f * width * height;
    for (let r = 0; r < height; r++) {
      const sy = Math.min(image.height - 1.001, y + ((r + 0.5) * winH) / height - 0.5);
      const y0 = Math.max(0, Math.floor(sy)), fy = Math.max(0, sy - y0);
      for (let c = 0; c < width; c++) {
        const sx = Math.min(image.width - 1.001, x + ((c + 0.5) * winW) / width - 0.5);
        const x0 = Math.max(0, Math.floor(sx)), fx = Math.max(0, sx - x0);
        const i = y0 * image.width + x0;
        const top = image.data[i] * (1 - fx) + image.data[i + 1] * fx;
        const bottom = image.data[i + image.width] * (1 - fx) +
          image.data[i + image.width + 1] * fx;
        data[base + r * width + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { frames: n, height, width, data, x: xs, y: ys, saccade: sac };
}

/**
 * Loads a recorded wave movie from a multi-page TIFF or a 3-D .npy [frames, h, w],
 * min–max scaled to [0, 1] and optionally resized (area sampling).
 *
 * @example
 * ```ts
 * import { readRecordedWaves } from "@prevision/prevision/stimuli";
 * const movie = readRecordedWaves("recording.tif", { width: 32, height: 32 });
 * ```
 */
export function readRecordedWaves(
  path: string,
  size: { width?: number; height?: number } = {},
): Movie {
  const lower = path.toLowerCase();
  let frames: number, h: number, w: number, values: Float32Array;
  if (lower.endsWith(".npy")) {
    const a = readNpy(path);
    if (a.shape.length !== 3) {
      throw new InputError(`${path}: expected [frames, height, width], got shape [${a.shape}]`);
    }
    [frames, h, w] = a.shape;
    values = scale01(npyToFloat64(a.data));
  } else if (lower.endsWith(".tif") || lower.endsWith(".tiff")) {
    const s = readTiffStack(path);
    [frames, h, w] = [s.frames, s.height, s.width];
    values = scale01(Float64Array.from(s.data));
  } else {
    throw new InputError(`${path}: recorded waves must be .tif, .tiff or .npy`);
  }
  const width = size.width ?? w, height = size.height ?? h;
  const data = width === w && height === h
    ? values
    : resizeFrames(values, frames, h, w, height, width, "area");
  return { frames, height, width, data };
}
