/**
 * The two-sample log-rank (Mantel–Cox) test of right-censored times, as
 * `scipy.stats.logrank` and `lifelines.statistics.logrank_test`: at every distinct event
 * time the events of group A are compared with their expectation under one shared hazard
 * (hypergeometric mean and variance); Z = Σ(O − E)/√ΣV, χ² = Z² with 1 degree of freedom.
 *
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { chiSquareSurvival } from "./special.ts";

/** Censored times of one group: `events[i]` false when subject i was censored at `times[i]`. */
export interface CensoredSample {
  /** Time of the event, or of censoring. */
  times: readonly number[];
  /** Whether the event happened at that time (false: censored). */
  events: readonly boolean[];
}

/** Result of {@link logRank}. */
export interface LogRankResult {
  /** χ² statistic, Z² (1 degree of freedom). */
  statistic: number;
  /** Signed Z = (O_a − E_a)/√V: positive when group A has events sooner than expected. */
  z: number;
  /** Two-sided p-value, P(χ²₁ ≥ statistic). */
  p: number;
  /** Observed events in A and B. */
  observed: [number, number];
  /** Expected events in A and B under one shared hazard. */
  expected: [number, number];
}

function check(s: CensoredSample, name: string): void {
  if (s.times.length !== s.events.length) {
    throw new InputError(`logRank: ${name} times and events differ in length`);
  }
  if (s.times.length === 0) throw new InputError(`logRank: ${name} needs a subject`);
  if (s.times.some((t) => !Number.isFinite(t))) {
    throw new InputError(`logRank: ${name} times must be finite`);
  }
}

/**
 * Log-rank test that two groups share one survival curve. p is NaN when no event happened
 * in either group (nothing to compare).
 *
 * @example Learners that reach criterion sooner than others
 * ```ts
 * import { logRank } from "@prevision/prevision/stats";
 * const fast = { times: [40, 50, 60, 70], events: [true, true, true, true] };
 * const slow = { times: [90, 120, 300, 300], events: [true, true, false, false] };
 * logRank(fast, slow).z; // > 0: fast has more early events than expected
 * ```
 */
export function logRank(a: CensoredSample, b: CensoredSample): LogRankResult {
  check(a, "a");
  check(b, "b");
  const all = [
    ...a.times.map((t, i) => ({ t, e: a.events[i], g: 0 })),
    ...b.times.map((t, i) => ({ t, e: b.events[i], g: 1 })),
  ].sort((x, y) => x.t - y.t);
  let nA = a.times.length, nB = b.times.length;
  let oA = 0, oB = 0, eA = 0, eB = 0, v = 0;
  for (let i = 0; i < all.length;) {
    const t = all[i].t;
    let dA = 0, dB = 0, leaveA = 0, leaveB = 0;
    for (; i < all.length && all[i].t === t; i++) {
      const s = all[i];
      if (s.g === 0) {
        leaveA++;
        if (s.e) dA++;
      } else {
        leaveB++;
        if (s.e) dB++;
      }
    }
    const n = nA + nB, d = dA + dB;
    if (d > 0) {
      oA += dA;
      oB += dB;
      eA += (d * nA) / n;
      eB += (d * nB) / n;
      if (n > 1) v += (d * nA * nB * (n - d)) / (n * n * (n - 1));
    }
    nA -= leaveA;
    nB -= leaveB;
  }
  const z = v > 0 ? (oA - eA) / Math.sqrt(v) : NaN;
  const statistic = z * z;
  return {
    statistic,
    z,
    p: Number.isFinite(statistic) ? chiSquareSurvival(statistic, 1) : NaN,
    observed: [oA, oB],
    expected: [eA, eB],
  };
}
