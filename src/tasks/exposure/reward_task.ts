/**
 * The rewarded task of Zhong et al. (2025) as scored here. Each trial is one lap through the
 * rewarded (leaf1) or the unrewarded (circle1) corridor, 50/50 at random. The agent decides
 * in every 1 dm position bin whether to lick. Reward is available in the reward zone
 * (2–4 m, bins 20–39) of the rewarded corridor only.
 *
 * A trial is **correct** when
 * - rewarded corridor: at least one lick in the reward zone (bins 20–39);
 * - unrewarded corridor: no lick at the same positions (bins 20–39).
 * Licks outside 2–4 m are not scored (the study scores licks in the reward zone; mice lick
 * elsewhere too). An agent that never licks, or always licks, is 50 % correct; only
 * discriminating the corridors scores higher.
 *
 * Learning speed: the fraction of correct trials among the first 200 (the study's measure)
 * and trials-to-criterion, the number of trials until the running fraction correct over
 * the last {@link CRITERION}.window trials first reaches {@link CRITERION}.fraction.
 */
import { VR } from "../../stimuli/vr_corridor.ts";
import { InputError } from "../../util/errors.ts";

/** Reward-zone bins [start, end). */
export const REWARD_ZONE = { start: VR.rewardStart, end: VR.rewardEnd } as const;

/** Criterion: this fraction correct over this many consecutive trials. */
export const CRITERION = { window: 40, fraction: 0.85 } as const;

/** Reward target per bin (1 inside the zone of the rewarded corridor, else 0). */
export function rewardTargets(rewarded: boolean, bins: number = VR.bins): Float32Array {
  const t = new Float32Array(bins);
  if (rewarded) { for (let b = REWARD_ZONE.start; b < REWARD_ZONE.end && b < bins; b++) t[b] = 1; }
  return t;
}

/**
 * Whether one trial is correct, given the lick decision of every bin.
 *
 * @example
 * ```ts
 * import { trialCorrect } from "@prevision/prevision/tasks";
 * const licks = new Array(60).fill(false);
 * trialCorrect(licks, false); // true: no lick in the unrewarded corridor
 * licks[25] = true;
 * trialCorrect(licks, true); // true: a lick in the reward zone
 * ```
 */
export function trialCorrect(licks: ArrayLike<boolean>, rewarded: boolean): boolean {
  if (licks.length !== VR.bins) {
    throw new InputError(`trialCorrect: need ${VR.bins} lick decisions, got ${licks.length}`);
  }
  let inZone = false;
  for (let b = REWARD_ZONE.start; b < REWARD_ZONE.end; b++) if (licks[b]) inZone = true;
  return rewarded ? inZone : !inZone;
}

/**
 * Trials until the running fraction correct over the last `window` trials first reaches
 * `fraction` (the count includes the window); `reached: false` and the number of trials
 * run when it never does (a censored value).
 *
 * @example
 * ```ts
 * import { trialsToCriterion } from "@prevision/prevision/tasks";
 * trialsToCriterion([...new Array(10).fill(false), ...new Array(40).fill(true)]);
 * // { trials: 44, reached: true }
 * ```
 */
export function trialsToCriterion(
  correct: ArrayLike<boolean>,
  window: number = CRITERION.window,
  fraction: number = CRITERION.fraction,
): { trials: number; reached: boolean } {
  if (!(Number.isInteger(window) && window >= 1)) {
    throw new InputError(`window must be a positive integer, got ${window}`);
  }
  let hits = 0;
  for (let t = 0; t < correct.length; t++) {
    hits += correct[t] ? 1 : 0;
    if (t >= window) hits -= correct[t - window] ? 1 : 0;
    if (t >= window - 1 && hits >= fraction * window - 1e-9) {
      return { trials: t + 1, reached: true };
    }
  }
  return { trials: correct.length, reached: false };
}

/** Fraction correct among the first `n` trials (all trials when fewer were run). */
export function firstNCorrect(correct: ArrayLike<boolean>, n = 200): number {
  const m = Math.min(n, correct.length);
  if (m === 0) return NaN;
  let hits = 0;
  for (let t = 0; t < m; t++) hits += correct[t] ? 1 : 0;
  return hits / m;
}

/** Fraction correct in consecutive blocks of `block` trials (a learning curve). */
export function learningCurve(correct: ArrayLike<boolean>, block = 20): number[] {
  const out: number[] = [];
  for (let s = 0; s + block <= correct.length; s += block) {
    let hits = 0;
    for (let t = s; t < s + block; t++) hits += correct[t] ? 1 : 0;
    out.push(hits / block);
  }
  return out;
}
