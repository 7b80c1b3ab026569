/**
 * Neural measures of zhong2025 on model units, as in the study: per-unit d′ between the
 * leaf1 and circle1 corridors (responses averaged over the textured 0–4 m of each lap, one
 * value per lap = trial), the fraction of selective units (|d′| ≥ 0.3, and a sweep), the
 * coding direction fitted on odd trials and projected on held-out even trials of every
 * stimulus, the similarity index of new and swapped stimuli, and how much each layer's
 * weights moved from their initial values.
 *
 * @module
 */
import {
  codingDirection,
  dPrime,
  heldOut,
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

/** Measures of one layer. */
export interface LayerMeasures {
  /** Units in the layer. */
  units: number;
  /** Fraction of units with |d′| ≥ 0.3 (leaf1 vs circle1). */
  selectiveFraction: number;
  /** Mean |d′| over units (each capped at 10): still informative when the fraction saturates. */
  meanAbsDPrime: number;
  /** Fraction of units with |d′| at or above each threshold (0.1 to 2). */
  sweep: { threshold: number; fraction: number }[];
  /** ‖W − W₀‖ / ‖W₀‖ of the layer's weights. */
  weightChange: number;
  /** Mean held-out projection per stimulus on the leaf1-vs-circle1 coding direction. */
  projection: Record<string, number>;
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

/** Per-lap responses (mean over the textured bins) of every layer to one stimulus. */
function lapResponses(
  enc: ExposureEncoder,
  corridor: string,
  laps: number,
  seed: number,
  size: { width: number; height: number },
): TrialMatrix[] {
  const set = renderLaps(corridor, laps, seed, size);
  const acts = encoderActivations(enc, set.data, laps * set.bins);
  return acts.map((a, k) => {
    const units = enc.hidden[k];
    const data = new Float64Array(laps * units);
    for (let l = 0; l < laps; l++) {
      for (let b = 0; b < VR.textured; b++) {
        const row = (l * set.bins + b) * units;
        for (let u = 0; u < units; u++) data[l * units + u] += a[row + u] / VR.textured;
      }
    }
    return { trials: laps, units, data };
  });
}

function relativeChange(now: Float32Array, before: Float32Array): number {
  let d = 0, n = 0;
  for (let i = 0; i < now.length; i++) {
    d += (now[i] - before[i]) ** 2;
    n += before[i] ** 2;
  }
  return Math.sqrt(d / Math.max(n, 1e-30));
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
  const responses = new Map<string, TrialMatrix[]>();
  TEST_STIMULI.forEach((c, i) => {
    responses.set(c, lapResponses(enc, c, config.testLaps, seed + i, config));
  });
  const layers = enc.hidden.map((units, k): LayerMeasures => {
    const leaf = responses.get("leaf1")![k], circle = responses.get("circle1")![k];
    const d = dPrime(leaf, circle);
    let absSum = 0;
    for (const v of d) absSum += Math.min(Math.abs(v), 10);
    const cd = codingDirection(leaf, circle);
    const projection: Record<string, number> = {};
    for (const c of TEST_STIMULI) projection[c] = mean(cd.project(heldOut(responses.get(c)![k])));
    const similarity: Record<string, number | null> = {};
    for (const c of TEST_STIMULI.slice(2)) {
      const span = projection.leaf1 - projection.circle1;
      similarity[c] = Math.abs(span) > 1e-9
        ? similarityIndex(projection.leaf1, projection.circle1, projection[c])
        : null;
    }
    return {
      units,
      selectiveFraction: selectiveFraction(d, 0.3),
      meanAbsDPrime: absSum / d.length,
      sweep: selectivitySweep(d),
      weightChange: relativeChange(enc.layers[k].w.dataSync() as Float32Array, initial[k]),
      projection,
      similarity,
    };
  });
  return { layers };
}
