/**
 * Selectivity and coding direction over imaging frames, as the analysis code of Zhong et al.
 * 2025 computes them (MouseLand/zhong-et-al-2025, `utils.py`: `dprime`,
 * `Get_dprime_selective_neuron`, `Get_coding_direction`, `load_coding_direction`).
 *
 * - d′ = 2(μ₁ − μ₂)/(σ₁ + σ₂) over all frames (lap × position bin) inside the textured part
 *   of the corridor, with population SDs (`np.nanstd`): σ includes the position tuning
 *   within a lap, so a unit that merely follows the corridor's layout is not selective.
 * - Coding direction: d′ on the fitting laps (the authors' odd trials: 0-based even laps);
 *   only "corridor units", whose mean response in the texture of either stimulus exceeds
 *   their mean in the grey zone (fitting laps); the units at or above the 95th and at or
 *   below the 5th percentile of d′ among them (`np.percentile`, linear). Activity is centred
 *   on each unit's grey-zone mean (bins 42–51, every lap of every stimulus of the session)
 *   and scaled by (σ₁ + σ₂)/2 (every lap of the two stimuli); a lap's projection is the mean
 *   over the textured bins of (mean of the positive units − mean of the negative units).
 *   The two reference stimuli are projected on their held-out laps (0-based odd), other
 *   stimuli on all their laps.
 *
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { VR } from "../../stimuli/vr_corridor.ts";

/** Responses at every position bin of every lap: `data[(lap · bins + bin) · units + unit]`. */
export interface LapResponses {
  /** Laps (trials). */
  laps: number;
  /** Position bins per lap. */
  bins: number;
  /** Units. */
  units: number;
  /** Responses, lap-major, then bin, then unit. */
  data: ArrayLike<number>;
}

/** Position bins `[start, end)`. */
export interface BinRange {
  /** First bin. */
  start: number;
  /** One past the last bin. */
  end: number;
}

/** Which laps: all, the fitting laps (0-based even) or the held-out laps (0-based odd). */
export type LapSet = "all" | "fit" | "heldOut";

/**
 * The corridor zones the authors use: textured walls (0–4 m), grey walls (4–6 m) and the
 * part of the grey zone the activity is centred on (`interp_spk[:, :, 42:52]`).
 */
export const CORRIDOR_ZONES: { textured: BinRange; grey: BinRange; greyCentre: BinRange } = {
  textured: { start: 0, end: VR.textured },
  grey: { start: VR.textured, end: VR.bins },
  greyCentre: { start: 42, end: 52 },
};

function check(r: LapResponses, name: string, range?: BinRange): void {
  const ok = [r.laps, r.bins, r.units].every((n) => Number.isInteger(n) && n >= 1);
  if (!ok || r.data.length !== r.laps * r.bins * r.units) {
    throw new InputError(`${name}: data must hold laps × bins × units values`);
  }
  if (range && !(range.start >= 0 && range.end <= r.bins && range.start < range.end)) {
    throw new InputError(`${name}: bins ${range.start}–${range.end} outside 0–${r.bins}`);
  }
}

function lapsOf(r: LapResponses, set: LapSet): number[] {
  const all = Array.from({ length: r.laps }, (_, l) => l);
  if (set === "all") return all;
  return all.filter((l) => l % 2 === (set === "fit" ? 0 : 1));
}

/** Per-unit mean and population SD over the frames of `laps` × bins in `range`. */
function frameMoments(
  rs: readonly LapResponses[],
  set: LapSet,
  range: BinRange,
): { mean: Float64Array; sd: Float64Array } {
  const units = rs[0].units;
  const sum = new Float64Array(units), sq = new Float64Array(units);
  let n = 0;
  for (const r of rs) {
    for (const l of lapsOf(r, set)) {
      for (let b = range.start; b < range.end; b++) {
        const row = (l * r.bins + b) * units;
        for (let u = 0; u < units; u++) {
          const v = r.data[row + u];
          sum[u] += v;
          sq[u] += v * v;
        }
        n++;
      }
    }
  }
  if (n === 0) throw new InputError("frame moments: no frame selected (too few laps?)");
  const mean = sum.map((s) => s / n);
  const sd = sq.map((s, u) => Math.sqrt(Math.max(0, s / n - mean[u] * mean[u])));
  return { mean, sd };
}

/**
 * d′ of every unit between stimuli A and B over frames (lap × bin in `textured`), with
 * population SDs as `np.nanstd`. A unit with σ₁ + σ₂ = 0 gets 0 when its means agree and
 * ±1e6 when they differ (the authors' code would give NaN or ±inf).
 *
 * @example A unit that follows position the same way in both corridors, 5 higher in A
 * ```ts
 * import { frameDPrime } from "@prevision/prevision/analysis";
 * const lap = (offset: number) => Array.from({ length: 60 }, (_, b) => b + offset);
 * const a = { laps: 2, bins: 60, units: 1, data: [...lap(5), ...lap(5)] };
 * const b = { laps: 2, bins: 60, units: 1, data: [...lap(0), ...lap(0)] };
 * frameDPrime(a, b)[0]; // 5 / 11.54 = 0.433: σ is the within-lap position tuning
 * ```
 */
export function frameDPrime(
  a: LapResponses,
  b: LapResponses,
  options: { laps?: LapSet; textured?: BinRange } = {},
): Float64Array {
  const range = options.textured ?? CORRIDOR_ZONES.textured;
  check(a, "frameDPrime(a)", range);
  check(b, "frameDPrime(b)", range);
  if (a.units !== b.units) throw new InputError("frameDPrime: a and b have different units");
  const set = options.laps ?? "all";
  const ma = frameMoments([a], set, range), mb = frameMoments([b], set, range);
  return ma.mean.map((m, u) => {
    const spread = ma.sd[u] + mb.sd[u], diff = m - mb.mean[u];
    if (spread > 1e-12) return (2 * diff) / spread;
    return Math.abs(diff) > 1e-12 ? Math.sign(diff) * 1e6 : 0;
  });
}

/**
 * `np.percentile(values, q)` with its default linear interpolation.
 *
 * @example
 * ```ts
 * import { percentile } from "@prevision/prevision/analysis";
 * percentile([1, 2, 3, 4], 95); // 3.85
 * ```
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new InputError("percentile: no values");
  const v = Array.from(values).sort((x, y) => x - y);
  const pos = (q / 100) * (v.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** A coding direction fitted by {@link corridorCodingDirection}. */
export interface CorridorCodingDirection {
  /** d′ of every unit on the fitting laps. */
  dPrime: Float64Array;
  /** Units responding more in the texture of A or B than in the grey zone. */
  corridorUnits: number[];
  /** Corridor units at or above the upper percentile of d′ (prefer A). */
  positive: number[];
  /** Corridor units at or below the lower percentile of d′ (prefer B). */
  negative: number[];
  /**
   * Per lap of `r` (of the chosen laps): the mean over textured bins of the normalised
   * activity of the positive units minus that of the negative units (NaN without units).
   */
  project(r: LapResponses, laps?: LapSet): Float64Array;
}

/**
 * Fits the coding direction A − B as the authors do (see the module doc). `session` lists
 * every stimulus shown (A and B included; default [A, B]): the grey-zone centre of each unit
 * is its mean over the centre bins of all their laps, and the corridor-unit test uses their
 * fitting laps' grey frames.
 *
 * @example
 * ```ts
 * import { corridorCodingDirection } from "@prevision/prevision/analysis";
 * const lap = (tex: number) => Array.from({ length: 60 }, (_, b) => (b < 40 ? tex + (b % 2) : 0));
 * const unitsOf = (x: number[], y: number[]) => x.flatMap((v, i) => [v, y[i]]);
 * const laps = (p: number, n: number) => [0, 1, 2, 3].flatMap(() => unitsOf(lap(p), lap(n)));
 * const a = { laps: 4, bins: 60, units: 2, data: laps(3, 1) };
 * const b = { laps: 4, bins: 60, units: 2, data: laps(1, 3) };
 * const cd = corridorCodingDirection(a, b);
 * cd.positive; // [0]
 * cd.project(a, "heldOut"); // the held-out laps 1 and 3 of A
 * ```
 */
export function corridorCodingDirection(
  a: LapResponses,
  b: LapResponses,
  options: { fraction?: number; session?: readonly LapResponses[] } = {},
): CorridorCodingDirection {
  const fraction = options.fraction ?? 0.05;
  if (!(fraction > 0 && fraction <= 0.5)) {
    throw new InputError(`corridorCodingDirection: fraction must be in (0, 0.5], got ${fraction}`);
  }
  const { textured, grey, greyCentre } = CORRIDOR_ZONES;
  const session = options.session ?? [a, b];
  for (const [i, r] of [a, b, ...session].entries()) {
    check(r, `corridorCodingDirection(stimulus ${i})`, { start: 0, end: greyCentre.end });
    if (r.units !== a.units) throw new InputError("corridorCodingDirection: unit counts differ");
  }
  if (a.laps < 2 || b.laps < 2) {
    throw new InputError("corridorCodingDirection: need ≥ 2 laps per stimulus (fit + held out)");
  }
  const dPrime = frameDPrime(a, b, { laps: "fit" });
  const texA = frameMoments([a], "fit", textured).mean;
  const texB = frameMoments([b], "fit", textured).mean;
  const greyFit = frameMoments(session, "fit", grey).mean;
  const corridorUnits = Array.from(dPrime.keys()).filter((u) =>
    texA[u] > greyFit[u] || texB[u] > greyFit[u]
  );
  let positive: number[] = [], negative: number[] = [];
  if (corridorUnits.length > 0) {
    const dc = corridorUnits.map((u) => dPrime[u]);
    const hi = percentile(dc, 100 * (1 - fraction)), lo = percentile(dc, 100 * fraction);
    positive = corridorUnits.filter((u) => dPrime[u] >= hi);
    negative = corridorUnits.filter((u) => dPrime[u] <= lo);
  }
  const centre = frameMoments(session, "all", greyCentre).mean;
  const sdA = frameMoments([a], "all", textured).sd, sdB = frameMoments([b], "all", textured).sd;
  const half = sdA.map((s, u) => Math.max((s + sdB[u]) / 2, 1e-12));
  const unitMean = (r: LapResponses, row: number, units: number[]) => {
    let s = 0;
    for (const u of units) s += (r.data[row + u] - centre[u]) / half[u];
    return s / units.length;
  };
  return {
    dPrime,
    corridorUnits,
    positive,
    negative,
    project(r: LapResponses, laps: LapSet = "all"): Float64Array {
      check(r, "project", textured);
      if (r.units !== a.units) throw new InputError("project: unit count differs");
      const chosen = lapsOf(r, laps);
      return Float64Array.from(chosen, (l) => {
        if (positive.length === 0 || negative.length === 0) return NaN;
        let s = 0;
        for (let bin = textured.start; bin < textured.end; bin++) {
          const row = (l * r.bins + bin) * r.units;
          s += unitMean(r, row, positive) - unitMean(r, row, negative);
        }
        return s / (textured.end - textured.start);
      });
    },
  };
}
