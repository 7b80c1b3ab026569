/**
 * Neural measures of zhong2025 on model units, as the authors' analysis code computes them
 * (src/analysis/neural/corridor.ts): per-unit d′ between leaf1 and circle1 over frames
 * (lap × position bin in the textured 0–4 m), the fraction of units with |d′| ≥ 0.3 and a
 * sweep; the coding direction of corridor units (top/bottom 5 % by d′ on the fitting laps),
 * projections centred on the grey zone and scaled by (σ₁ + σ₂)/2 on held-out laps, and the
 * similarity index of new and swapped stimuli; and how much each layer's weights moved. The
 * fraction selective by the earlier definition (d′ over per-lap means) is kept beside it.
 *
 * @module
 */
import {
  corridorCodingDirection,
  dPrime,
  frameDPrime,
  type LapResponses,
  selectiveFraction,
  selectivitySweep,
  similarityIndex,
  type TrialMatrix,
} from "../../analysis/neural/mod.ts";
import { encoderActivations, type ExposureEncoder } from "../../models/exposure_encoder.ts";
import { renderLaps, STIMULUS_SETS } from "../../tasks/exposure/mod.ts";
import { VR } from "../../stimuli/vr_corridor.ts";

/** Every stimulus projected on the coding direction. */
export const TEST_STIMULI = [
  ...STIMULUS_SETS.trained,
  ...STIMULUS_SETS.newExemplars,
  ...STIMULUS_SETS.swapped,
];

/** Selectivity threshold on |d′| (the study's). */
export const SELECTIVE = 0.3;

/** Measures of one layer. */
export interface LayerMeasures {
  /** Units in the layer. */
  units: number;
  /** Fraction of units with |d′| ≥ 0.3, d′ over frames (the authors' definition). */
  selectiveFraction: number;
  /** Mean |d′| over units, d′ over frames (each capped at 10). */
  meanAbsDPrime: number;
  /** Fraction of units with |d′| (over frames) at or above each threshold (0.1 to 2). */
  sweep: { threshold: number; fraction: number }[];
  /** Fraction with |d′| ≥ 0.3 by the earlier definition (d′ over per-lap means). */
  perLapSelectiveFraction: number;
  /** ‖W − W₀‖ / ‖W₀‖ of the layer's weights. */
  weightChange: number;
  /** Fraction of units that respond more in the texture than in the grey zone. */
  corridorFraction: number;
  /** Units chosen for the coding direction: [leaf1-preferring, circle1-preferring]. */
  codingUnits: [number, number];
  /** Mean projection per stimulus (held-out laps for leaf1/circle1; null: no direction). */
  projection: Record<string, number | null>;
  /** Similarity index of each stimulus other than leaf1/circle1 (null when undefined). */
  similarity: Record<string, number | null>;
}

/** Measures of all layers, input side first. */
export interface NeuralMeasures {
  /** One entry per encoder layer, input side first. */
  layers: LayerMeasures[];
}

function mean(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Every layer's responses at every bin of `laps` laps of one stimulus. */
function responses(
  enc: ExposureEncoder,
  corridor: string,
  laps: number,
  seed: number,
  size: { width: number; height: number },
): LapResponses[] {
  const set = renderLaps(corridor, laps, seed, size);
  const acts = encoderActivations(enc, set.data, laps * set.bins);
  return acts.map((data, k) => ({ laps, bins: set.bins, units: enc.hidden[k], data }));
}

/** Per-lap means over the textured bins (the earlier d′ definition's trials). */
function perLapMeans(r: LapResponses): TrialMatrix {
  const data = new Float64Array(r.laps * r.units);
  for (let l = 0; l < r.laps; l++) {
    for (let b = 0; b < VR.textured; b++) {
      const row = (l * r.bins + b) * r.units;
      for (let u = 0; u < r.units; u++) data[l * r.units + u] += r.data[row + u] / VR.textured;
    }
  }
  return { trials: r.laps, units: r.units, data };
}

function relativeChange(now: Float32Array, before: Float32Array): number {
  let d = 0, n = 0;
  for (let i = 0; i < now.length; i++) {
    d += (now[i] - before[i]) ** 2;
    n += before[i] ** 2;
  }
  return Math.sqrt(d / Math.max(n, 1e-30));
}

/** The coding-direction measures of one layer. */
function codingMeasures(
  byStimulus: Map<string, LapResponses>,
): Pick<LayerMeasures, "corridorFraction" | "codingUnits" | "projection" | "similarity"> {
  const leaf = byStimulus.get("leaf1")!, circle = byStimulus.get("circle1")!;
  const cd = corridorCodingDirection(leaf, circle, { session: [...byStimulus.values()] });
  const projection: Record<string, number | null> = {};
  for (const [c, r] of byStimulus) {
    const p = mean(cd.project(r, c === "leaf1" || c === "circle1" ? "heldOut" : "all"));
    projection[c] = Number.isFinite(p) ? p : null;
  }
  const similarity: Record<string, number | null> = {};
  const pl = projection.leaf1, pc = projection.circle1;
  for (const c of TEST_STIMULI.slice(2)) {
    const pn = projection[c];
    similarity[c] = pl !== null && pc !== null && pn !== null && Math.abs(pl - pc) > 1e-9
      ? similarityIndex(pl, pc, pn)
      : null;
  }
  return {
    corridorFraction: cd.corridorUnits.length / leaf.units,
    codingUnits: [cd.positive.length, cd.negative.length],
    projection,
    similarity,
  };
}

/**
 * All measures of an encoder, on `testLaps` held-out laps per stimulus rendered from
 * `seed` (stimulus `i` of {@link TEST_STIMULI} from `seed + i`); `initial` holds each
 * layer's initial weights, for the weight change.
 *
 * @example
 * ```ts
 * import { createExposureEncoder, disposeEncoder } from "@prevision/prevision/models";
 * import { useBackend } from "@prevision/prevision";
 * import { measureUnits } from "@prevision/prevision/studies";
 * await useBackend("cpu");
 * const enc = createExposureEncoder({ inputs: 128, hidden: [16, 8], seed: 1 });
 * const initial = enc.layers.map((l) => l.w.dataSync().slice() as Float32Array);
 * const m = measureUnits(enc, initial, { width: 16, height: 8, testLaps: 4 }, 11);
 * m.layers[0].weightChange; // 0: the weights have not moved
 * disposeEncoder(enc);
 * ```
 */
export function measureUnits(
  enc: ExposureEncoder,
  initial: Float32Array[],
  config: { width: number; height: number; testLaps: number },
  seed: number,
): NeuralMeasures {
  const all = TEST_STIMULI.map((c, i) => responses(enc, c, config.testLaps, seed + i, config));
  const layers = enc.hidden.map((units, k): LayerMeasures => {
    const byStimulus = new Map(TEST_STIMULI.map((c, i) => [c, all[i][k]]));
    const leaf = byStimulus.get("leaf1")!, circle = byStimulus.get("circle1")!;
    const d = frameDPrime(leaf, circle);
    let absSum = 0;
    for (const v of d) absSum += Math.min(Math.abs(v), 10);
    return {
      units,
      selectiveFraction: selectiveFraction(d, SELECTIVE),
      meanAbsDPrime: absSum / d.length,
      sweep: selectivitySweep(d),
      perLapSelectiveFraction: selectiveFraction(
        dPrime(perLapMeans(leaf), perLapMeans(circle)),
        SELECTIVE,
      ),
      weightChange: relativeChange(enc.layers[k].w.dataSync() as Float32Array, initial[k]),
      ...codingMeasures(byStimulus),
    };
  });
  return { layers };
}
