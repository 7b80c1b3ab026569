/**
 * Coding direction and similarity index (Zhong et al. 2025). Units are chosen on odd
 * trials (top and bottom 5 % by d′ between the two trained stimuli); every stimulus is then
 * projected on held-out even trials, so the choice of units cannot inflate the projection.
 */
import { InputError } from "../../util/errors.ts";
import { dPrime, type TrialMatrix } from "./selectivity.ts";

function subset(m: TrialMatrix, parity: 0 | 1): TrialMatrix {
  const trials = Math.floor((m.trials - parity + 1) / 2);
  const data = new Float64Array(trials * m.units);
  for (let i = 0; i < trials; i++) {
    const t = parity + 2 * i;
    for (let u = 0; u < m.units; u++) data[i * m.units + u] = m.data[t * m.units + u];
  }
  return { trials, units: m.units, data };
}

/** The units that define the coding direction and the projection of each stimulus. */
export interface CodingDirection {
  /** Units with the highest d′ (prefer stimulus A). */
  positive: number[];
  /** Units with the lowest d′ (prefer stimulus B). */
  negative: number[];
  /** Mean projection (mean of positive units − mean of negative units) per held-out trial. */
  project(m: TrialMatrix): Float64Array;
}

/**
 * Fits the coding direction from the odd trials of A and B; `fraction` of units on each
 * side (0.05 in the study, at least one unit).
 */
export function codingDirection(a: TrialMatrix, b: TrialMatrix, fraction = 0.05): CodingDirection {
  if (a.trials < 4 || b.trials < 4) {
    throw new InputError("codingDirection: need ≥ 4 trials per stimulus");
  }
  const d = dPrime(subset(a, 1), subset(b, 1));
  const order = Array.from(d.keys()).sort((i, j) => d[j] - d[i]);
  const k = Math.max(1, Math.round(fraction * d.length));
  const positive = order.slice(0, k);
  const negative = order.slice(-k);
  return {
    positive,
    negative,
    project(m: TrialMatrix): Float64Array {
      const out = new Float64Array(m.trials);
      for (let t = 0; t < m.trials; t++) {
        let p = 0, n = 0;
        for (const u of positive) p += m.data[t * m.units + u];
        for (const u of negative) n += m.data[t * m.units + u];
        out[t] = p / positive.length - n / negative.length;
      }
      return out;
    },
  };
}

/** Even (held-out) trials of a stimulus, for projecting after {@link codingDirection}. */
export function heldOut(m: TrialMatrix): TrialMatrix {
  return subset(m, 0);
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Similarity index SI = (|p_new − p_c1| − |p_l1 − p_new|)/(p_l1 − p_c1) from mean held-out
 * projections: +1 when a new stimulus is coded like the leaf (l1), −1 like the circle (c1).
 */
export function similarityIndex(pLeaf: number, pCircle: number, pNew: number): number {
  const span = pLeaf - pCircle;
  if (Math.abs(span) < 1e-12) {
    throw new InputError("similarityIndex: leaf and circle project equally");
  }
  return (Math.abs(pNew - pCircle) - Math.abs(pLeaf - pNew)) / span;
}

/** Mean held-out projections of leaf, circle and a new stimulus, and their similarity index. */
export function similarityOfNew(
  leaf: TrialMatrix,
  circle: TrialMatrix,
  novel: TrialMatrix,
  fraction = 0.05,
): { pLeaf: number; pCircle: number; pNew: number; si: number } {
  const cd = codingDirection(leaf, circle, fraction);
  const pLeaf = mean(cd.project(heldOut(leaf)));
  const pCircle = mean(cd.project(heldOut(circle)));
  const pNew = mean(cd.project(heldOut(novel)));
  return { pLeaf, pCircle, pNew, si: similarityIndex(pLeaf, pCircle, pNew) };
}
