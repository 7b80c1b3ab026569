/**
 * Resampling of frame stacks to another size: nearest neighbour (keeps binary waves
 * binary) or area averaging (each output pixel is the mean of the input area it covers,
 * with fractional overlaps weighted).
 */
import { ensure } from "../util/errors.ts";

/** Resampling modes of {@link resizeFrames}. */
export type ResizeMode = "nearest" | "area";

/**
 * Resizes `frames` frames of inH×inW to outH×outW.
 *
 * @example
 * ```ts
 * import { resizeFrames } from "@prevision/prevision/stimuli";
 * const small = resizeFrames(new Float32Array(2 * 64 * 64), 2, 64, 64, 32, 32, "area");
 * console.log(small.length); // 2048
 * ```
 */
export function resizeFrames(
  data: ArrayLike<number>,
  frames: number,
  inH: number,
  inW: number,
  outH: number,
  outW: number,
  mode: ResizeMode = "area",
): Float32Array {
  for (
    const [name, v] of [["frames", frames], ["inH", inH], ["inW", inW], ["outH", outH], [
      "outW",
      outW,
    ]] as const
  ) {
    ensure(
      Number.isInteger(v) && v >= (name === "frames" ? 0 : 1),
      `resize: ${name} must be a positive integer, got ${v}`,
    );
  }
  ensure(
    data.length === frames * inH * inW,
    `resize: expected ${frames * inH * inW} values, got ${data.length}`,
  );
  ensure(
    mode === "nearest" || mode === "area",
    `resize: mode must be nearest or area, got ${mode}`,
  );
  const out = new Float32Array(frames * outH * outW);
  if (mode === "nearest") {
    const rows = Int32Array.from(
      { length: outH },
      (_, r) => Math.min(inH - 1, Math.floor(((r + 0.5) * inH) / outH)),
    );
    const cols = Int32Array.from(
      { length: outW },
      (_, c) => Math.min(inW - 1, Math.floor(((c + 0.5) * inW) / outW)),
    );
    for (let f = 0; f < frames; f++) {
      const src = f * inH * inW, dst = f * outH * outW;
      for (let r = 0; r < outH; r++) {
        for (let c = 0; c < outW; c++) {
          out[dst + r * outW + c] = data[src + rows[r] * inW + cols[c]];
        }
      }
    }
    return out;
  }
  const rowW = overlapWeights(inH, outH), colW = overlapWeights(inW, outW);
  const tmp = new Float32Array(inH * outW);
  for (let f = 0; f < frames; f++) {
    const src = f * inH * inW, dst = f * outH * outW;
    tmp.fill(0);
    for (let r = 0; r < inH; r++) {
      for (const [c, i, w] of colW) tmp[r * outW + c] += w * data[src + r * inW + i];
    }
    for (const [r, i, w] of rowW) {
      for (let c = 0; c < outW; c++) out[dst + r * outW + c] += w * tmp[i * outW + c];
    }
  }
  return out;
}

/** [output index, input index, weight] triples of 1-D area resampling (weights sum to 1 per output). */
function overlapWeights(n: number, m: number): [number, number, number][] {
  const triples: [number, number, number][] = [];
  const scale = n / m;
  for (let o = 0; o < m; o++) {
    const lo = o * scale, hi = (o + 1) * scale;
    for (let i = Math.floor(lo); i < Math.min(n, Math.ceil(hi)); i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap > 1e-12) triples.push([o, i, overlap / scale]);
    }
  }
  return triples;
}
