/**
 * Kaplan–Meier estimate of a survival curve from right-censored times (as
 * `lifelines.KaplanMeierFitter` and `scipy.stats.ecdf(CensoredData).sf`): at every distinct
 * time with an event, S(t) ← S(t) · (1 − events / at risk); a censored subject leaves the
 * risk set after its time without lowering the curve.
 *
 * @module
 */
import { InputError } from "../../util/errors.ts";

/** One distinct time of a {@link kaplanMeier} curve. */
export interface SurvivalStep {
  /** The time. */
  time: number;
  /** Subjects still at risk just before this time. */
  atRisk: number;
  /** Events (e.g. criterion reached) at this time. */
  events: number;
  /** Subjects censored at this time (counted at risk at it, gone after). */
  censored: number;
  /** Survival probability just after this time. */
  survival: number;
}

/** Result of {@link kaplanMeier}. */
export interface KaplanMeierCurve {
  /** One step per distinct time (events or censorings), in increasing time. */
  steps: SurvivalStep[];
  /**
   * Median survival time: the first time the curve drops to 0.5 or below (the lifelines
   * convention); null when it never does (fewer than half the subjects had the event).
   */
  median: number | null;
  /** Subjects. */
  n: number;
  /** Subjects with an event. */
  events: number;
}

/**
 * The survival curve S(t) of a curve at time `t` (1 before the first step).
 *
 * @example
 * ```ts
 * import { kaplanMeier, survivalAt } from "@prevision/prevision/stats";
 * survivalAt(kaplanMeier([1, 2, 3], [true, true, true]), 2); // 1/3
 * ```
 */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let s = 1;
  for (const step of curve.steps) {
    if (step.time > t) break;
    s = step.survival;
  }
  return s;
}

/**
 * Kaplan–Meier curve of `times` where `events[i]` says whether subject i had the event at
 * `times[i]` (true) or was censored there (false: followed until then without it).
 *
 * @example Trials to criterion; the third learner never reached it in 300 trials
 * ```ts
 * import { kaplanMeier } from "@prevision/prevision/stats";
 * const km = kaplanMeier([60, 90, 300, 120], [true, true, false, true]);
 * km.median; // 90: S drops to 0.5 at 90 trials
 * ```
 */
export function kaplanMeier(
  times: readonly number[],
  events: readonly boolean[],
): KaplanMeierCurve {
  if (times.length !== events.length) {
    throw new InputError("kaplanMeier: times and events differ in length");
  }
  if (times.length === 0) throw new InputError("kaplanMeier: need at least one subject");
  if (times.some((t) => !Number.isFinite(t))) {
    throw new InputError("kaplanMeier: times must be finite");
  }
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const steps: SurvivalStep[] = [];
  let atRisk = times.length, survival = 1, median: number | null = null;
  for (let i = 0; i < order.length;) {
    const time = times[order[i]];
    let d = 0, c = 0;
    for (; i < order.length && times[order[i]] === time; i++) {
      if (events[order[i]]) d++;
      else c++;
    }
    survival *= 1 - d / atRisk;
    steps.push({ time, atRisk, events: d, censored: c, survival });
    if (median === null && d > 0 && survival <= 0.5) median = time;
    atRisk -= d + c;
  }
  return { steps, median, n: times.length, events: events.filter(Boolean).length };
}
