/**
 * Numerical health of a shakiba2026 run. The C* regulariser matches the communicability of
 * the empirical connectome, C_emp = expm(S^−½ |A| S^−½) with 1e-10 added to zero row sums
 * (the authors' code): a neuron with no outgoing synapse gets S^−½ = 10⁵, which multiplies
 * its column (the synapses it receives) by 10⁵, so those entries and the matrix's scale are
 * set by the epsilon, not by the data. This module counts those rows and their share of
 * C_emp, and lists the units whose training went non-finite.
 */
import { communicability64 } from "../../linalg/communicability.ts";

/** How much of the empirical communicability the epsilon sets. */
export interface EpsilonDominance {
  /** Neurons. */
  n: number;
  /** Neurons with zero out-strength (row sum of |A| = 0). */
  zeroRows: number;
  /** Of those, neurons that still receive synapses (their column is scaled by 10⁵). */
  zeroRowsWithInputs: number;
  /** Share of Σ C_emp in the columns of zero-out-strength neurons. */
  massShare: number;
  /** Largest entry of C_emp. */
  max: number;
  /** Median off-diagonal entry of C_emp. */
  median: number;
}

/**
 * Counts the epsilon-dominated rows of an n×n connectome and their share of C_emp.
 *
 * @example
 * ```ts
 * // 0 → 1 only: neuron 1 sends nothing, so column 1 of C_emp is scaled by 1e5
 * epsilonDominance(new Float64Array([0, 1, 0, 0]), 2).zeroRows; // 1
 * ```
 */
export function epsilonDominance(adjacency: ArrayLike<number>, n: number): EpsilonDominance {
  const zero = new Array<boolean>(n).fill(false);
  let zeroRows = 0, withInputs = 0;
  for (let i = 0; i < n; i++) {
    let out = 0, inp = 0;
    for (let j = 0; j < n; j++) {
      out += Math.abs(adjacency[i * n + j]);
      inp += Math.abs(adjacency[j * n + i]);
    }
    if (out === 0) {
      zero[i] = true;
      zeroRows++;
      if (inp > 0) withInputs++;
    }
  }
  const c = communicability64(adjacency, n);
  let total = 0, inZero = 0, max = -Infinity;
  const off: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = c[i * n + j];
      total += v;
      if (zero[j]) inZero += v;
      max = Math.max(max, v);
      if (i !== j) off.push(v);
    }
  }
  off.sort((a, b) => a - b);
  const median = off.length ? off[Math.floor((off.length - 1) / 2)] : NaN;
  return {
    n,
    zeroRows,
    zeroRowsWithInputs: withInputs,
    massShare: total > 0 ? inZero / total : 0,
    max,
    median,
  };
}

/** What a unit reports about its numerical health (a subset of its result). */
export interface UnitHealth {
  variant: string;
  task: string;
  seed: number;
  nonFiniteSteps: number;
  finiteWeights: boolean;
  steps: number;
}

/**
 * The units that went non-finite (a loss or a weight), as `variant/task/s<seed>` lines.
 *
 * @example
 * ```ts
 * numericalFailures([{ variant: "W", task: "maze", seed: 1, nonFiniteSteps: 3, finiteWeights: false, steps: 400 }]);
 * // ["W/maze/s1: 3 of 400 steps non-finite, weights non-finite"]
 * ```
 */
export function numericalFailures(units: readonly UnitHealth[]): string[] {
  return units.filter((u) => (u.nonFiniteSteps ?? 0) > 0 || u.finiteWeights === false).map((u) =>
    `${u.variant}/${u.task}/s${u.seed}: ${u.nonFiniteSteps} of ${u.steps} steps non-finite, ` +
    `weights ${u.finiteWeights ? "finite" : "non-finite"}`
  );
}
