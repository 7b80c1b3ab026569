/// <reference lib="dom" />
/** Frames on canvases, and the running loss the playground shows under them. */

/** How values map to colours: frames in warm greys, errors from black to red. */
export type Palette = "frame" | "error";

/** Draws a `size × size` frame (values in [0, 1], clamped) scaled to fill `canvas`. */
export function drawFrame(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  size: number,
  palette: Palette = "frame",
): void {
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = Math.max(0, Math.min(255, Math.round(values[i] * 255)));
    const [r, g, b] = palette === "frame"
      ? [v, Math.round(v * 0.85), 40 + Math.round(v * 0.4)]
      : [v, Math.round(v * 0.25), Math.round(v * 0.15)];
    image.data.set([r, g, b, 255], 4 * i);
  }
  const scratch = new OffscreenCanvas(size, size);
  scratch.getContext("2d")!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

/** |a − b| per pixel, and the summed squared error (the studies' per-frame loss). */
export function frameError(a: ArrayLike<number>, b: ArrayLike<number>): {
  map: Float32Array;
  sse: number;
} {
  const map = new Float32Array(a.length);
  let sse = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    map[i] = Math.abs(d);
    sse += d * d;
  }
  return { map, sse };
}

/** The mean of the last `window` values added. */
export class RunningMean {
  readonly #values: number[] = [];
  #sum = 0;

  constructor(readonly window = 100) {}

  /** Adds a value, dropping the oldest beyond the window. */
  add(value: number): void {
    this.#values.push(value);
    this.#sum += value;
    if (this.#values.length > this.window) this.#sum -= this.#values.shift()!;
  }

  /** Values in the window. */
  get count(): number {
    return this.#values.length;
  }

  /** Their mean (NaN when empty). */
  get mean(): number {
    return this.#values.length ? this.#sum / this.#values.length : NaN;
  }
}
