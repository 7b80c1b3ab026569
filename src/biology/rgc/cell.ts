/**
 * A biophysical retinal ganglion cell with bipolar-cell subunits (Yan et al. 2020): each
 * subunit sums the stimulus over its mask, filters it in time (difference of gammas) and is
 * half-wave rectified; the cell pools the subunits with weights, applies an output
 * nonlinearity (default 2·max(0, x − 2.5) spikes/s) and fires Poisson or Bernoulli spikes
 * in each frame.
 */
import { InputError } from "../../util/errors.ts";
import { Rng } from "../../util/rng.ts";
import { blockLayout, checkLayout, type Subunit } from "./layout.ts";
import { causalFilter, differenceOfGammas, type DogTemporalOptions } from "./temporal.ts";

/**
 * Output nonlinearity: threshold-linear `gain · max(0, x − threshold)` or a function.
 *
 * @example
 * ```ts
 * import { createRgc, type OutputNonlinearity } from "@prevision/prevision/biology";
 * const softplus: OutputNonlinearity = { kind: "function", fn: (x) => Math.log1p(Math.exp(x - 2)) };
 * createRgc({ nonlinearity: softplus });
 * ```
 */
export type OutputNonlinearity =
  | { kind: "threshold-linear"; gain: number; threshold: number }
  | { kind: "function"; fn: (x: number) => number };

/**
 * A ganglion-cell model.
 *
 * @example
 * ```ts
 * import { createRgc, type RgcCell } from "@prevision/prevision/biology";
 * const cell: RgcCell = createRgc({ spiking: "bernoulli" });
 * console.log(cell.subunits.length); // 4
 * ```
 */
export interface RgcCell {
  /** Name used in reports. */
  name: string;
  /** Stimulus pixels per side. */
  size: number;
  /** Bipolar-cell subunits (masks, pooling weights, polarities). */
  subunits: Subunit[];
  /** Temporal filter options shared by all subunits (polarity comes from each subunit). */
  temporal: DogTemporalOptions;
  /** Output nonlinearity from pooled subunit drive to spikes/s. */
  nonlinearity: OutputNonlinearity;
  /** `poisson`: count ~ Poisson(rate·dt); `bernoulli`: one spike with p = min(1, rate·dt). */
  spiking: "poisson" | "bernoulli";
  /** Frame rate in Hz (rates are in spikes/s; dt = 1/frameRate). */
  frameRate: number;
}

/**
 * The paper's cell: four OFF 2×2 subunits in the centre of an 8×8 checkerboard, 30 Hz,
 * rate = 2·max(0, Σ − 2.5), Poisson spikes. Any field can be overridden.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * const cell = createRgc();
 * const out = simulateRgc(cell, binaryCheckerboard({ frames: 3000, seed: 1 }), { seed: 2 });
 * console.log(out.spikes.reduce((a, b) => a + b)); // spike count over 100 s
 * ```
 */
export function createRgc(overrides: Partial<RgcCell> = {}): RgcCell {
  const size = overrides.size ?? 8;
  const cell: RgcCell = {
    name: "quadrants-off",
    size,
    subunits: overrides.subunits ?? blockLayout({ size }),
    temporal: {},
    nonlinearity: { kind: "threshold-linear", gain: 2, threshold: 2.5 },
    spiking: "poisson",
    frameRate: 30,
    ...overrides,
  };
  checkLayout(cell.subunits, cell.size);
  if (!(cell.frameRate > 0)) throw new InputError(`frame rate must be > 0, got ${cell.frameRate}`);
  return cell;
}

/**
 * What {@link simulateRgc} returns; all arrays have one entry per frame.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, type RgcResponse, simulateRgc } from "@prevision/prevision/biology";
 * const r: RgcResponse = simulateRgc(createRgc(), binaryCheckerboard({ frames: 60 }));
 * console.log(r.generator.length, r.spikes.length); // 60 60
 * ```
 */
export interface RgcResponse {
  /** Rectified output of each subunit, `[subunit][frame]`. */
  subunitOutputs: Float64Array[];
  /** Pooled subunit output before the output nonlinearity. */
  generator: Float64Array;
  /** Firing rate in spikes/s. */
  rate: Float64Array;
  /** Expected spike count per frame (rate · dt, capped at 1 for Bernoulli cells). */
  expected: Float64Array;
  /** Spike counts per frame. */
  spikes: Float32Array;
}

/**
 * A movie the cell can view: `[frames, size, size]` row-major.
 *
 * @example
 * ```ts
 * import type { MovieLike } from "@prevision/prevision/biology";
 * const blank: MovieLike = { data: new Float32Array(10 * 64), frames: 10, size: 8 };
 * ```
 */
export interface MovieLike {
  /** Pixel values, `data[(t · size + y) · size + x]`. */
  data: Float32Array;
  /** Number of frames. */
  frames: number;
  /** Pixels per side (frames are square). */
  size: number;
}

/** The temporal filter each subunit of `cell` uses (index `k` = `k` frames ago). */
export function subunitFilters(cell: RgcCell): Float64Array[] {
  return cell.subunits.map((s) =>
    differenceOfGammas({ ...cell.temporal, frameRate: cell.frameRate, polarity: s.polarity })
  );
}

function applyNonlinearity(nl: OutputNonlinearity, x: number): number {
  if (nl.kind === "threshold-linear") return nl.gain * Math.max(0, x - nl.threshold);
  const r = nl.fn(x);
  if (!Number.isFinite(r) || r < 0) throw new InputError(`nonlinearity gave ${r} for ${x}`);
  return r;
}

/** Noise-free part of the response: subunit outputs, generator signal and rate. */
export function rgcRate(cell: RgcCell, movie: MovieLike): Omit<RgcResponse, "spikes"> {
  if (movie.size !== cell.size) {
    throw new InputError(`cell expects ${cell.size}×${cell.size} frames, movie has ${movie.size}`);
  }
  if (movie.data.length !== movie.frames * movie.size * movie.size) {
    throw new InputError(`movie data has ${movie.data.length} values, shape says otherwise`);
  }
  const px = cell.size * cell.size;
  const filters = subunitFilters(cell);
  const generator = new Float64Array(movie.frames);
  const subunitOutputs = cell.subunits.map((s, i) => {
    const drive = new Float64Array(movie.frames);
    const nz: number[] = [];
    for (let p = 0; p < px; p++) if (s.mask[p] !== 0) nz.push(p);
    for (let t = 0; t < movie.frames; t++) {
      let sum = 0;
      for (const p of nz) sum += s.mask[p] * movie.data[t * px + p];
      drive[t] = sum;
    }
    const out = causalFilter(drive, filters[i]);
    for (let t = 0; t < out.length; t++) {
      out[t] = Math.max(0, out[t]);
      generator[t] += s.weight * out[t];
    }
    return out;
  });
  const dt = 1 / cell.frameRate;
  const rate = new Float64Array(movie.frames);
  const expected = new Float64Array(movie.frames);
  for (let t = 0; t < movie.frames; t++) {
    rate[t] = applyNonlinearity(cell.nonlinearity, generator[t]);
    expected[t] = cell.spiking === "bernoulli" ? Math.min(1, rate[t] * dt) : rate[t] * dt;
  }
  return { subunitOutputs, generator, rate, expected };
}

/** Draws spike counts for expected counts per frame. */
export function drawSpikes(
  expected: ArrayLike<number>,
  spiking: "poisson" | "bernoulli",
  seed: number,
): Float32Array {
  const rng = new Rng(seed, 0x5b1e);
  const spikes = new Float32Array(expected.length);
  for (let t = 0; t < expected.length; t++) {
    spikes[t] = spiking === "poisson"
      ? rng.poisson(expected[t])
      : rng.bernoulli(expected[t])
      ? 1
      : 0;
  }
  return spikes;
}

/**
 * Runs a cell on a stimulus movie: rates and one draw of spikes.
 *
 * @example
 * ```ts
 * import { binaryCheckerboard } from "@prevision/prevision/stimuli";
 * import { createRgc, simulateRgc } from "@prevision/prevision/biology";
 * const r = simulateRgc(createRgc(), binaryCheckerboard({ frames: 600 }), { seed: 7 });
 * r.rate; // spikes/s per frame
 * ```
 */
export function simulateRgc(
  cell: RgcCell,
  movie: MovieLike,
  options: { seed?: number } = {},
): RgcResponse {
  const noiseFree = rgcRate(cell, movie);
  return { ...noiseFree, spikes: drawSpikes(noiseFree.expected, cell.spiking, options.seed ?? 0) };
}
