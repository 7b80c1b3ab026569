/**
 * Scores of one run of the rewarded task. Besides our fraction correct and trials-to-
 * criterion, the authors' measure (MouseLand/zhong-et-al-2025, `get_lick_response_in_zone`
 * and Fig. 5d): the task is split into sessions of `sessionTrials` trials; in each session,
 * among its first 200 trials, the fraction of trials with a lick in the reward zone
 * (2–4 m) is taken per corridor, and the rewarded − unrewarded difference is the session's
 * performance (1: licks in every rewarded trial and no unrewarded one; 0: no discrimination).
 *
 * @module
 */
import {
  firstNCorrect,
  learningCurve,
  REWARD_ZONE,
  trialsToCriterion,
} from "../../tasks/exposure/mod.ts";

/** Trials scored per session (the authors' `idx[200:] = False`). */
export const SESSION_SCORED_TRIALS = 200;

/** Lick rates of one session, on its first {@link SESSION_SCORED_TRIALS} trials. */
export interface SessionLicks {
  /** Fraction of rewarded-corridor trials with a reward-zone lick (hits). */
  rewarded: number;
  /** Fraction of unrewarded-corridor trials with a lick in the same zone (false alarms). */
  unrewarded: number;
  /** rewarded − unrewarded: the authors' performance measure (NaN without both corridors). */
  difference: number;
}

/** One group × seed × arm run of the rewarded task. */
export interface ArmResult {
  /** Per trial: 1 when correct, else 0. */
  correct: number[];
  /** Per trial: 1 when the agent licked in the reward zone (bins 20–39), else 0. */
  zoneLick: number[];
  /** Trials until ≥ 85 % of the last 40 were correct (the trials run when never reached). */
  trialsToCriterion: number;
  /** Whether the criterion was reached (false: `trialsToCriterion` is censored). */
  reached: boolean;
  /** Fraction correct among the first 200 trials. */
  first200Correct: number;
  /** The authors' per-session lick rates and their difference (session 1 first). */
  sessions: SessionLicks[];
  /** Fraction correct per block of 20 trials. */
  curve: number[];
}

/**
 * Whether a trial's lick probabilities (one per bin) lick in the reward zone (p > 0.5).
 *
 * @example
 * ```ts
 * const p = new Float32Array(60);
 * zoneLicked(p); // false
 * p[25] = 0.9;
 * zoneLicked(p); // true
 * ```
 */
export function zoneLicked(probs: ArrayLike<number>): boolean {
  for (let b = REWARD_ZONE.start; b < REWARD_ZONE.end; b++) if (probs[b] > 0.5) return true;
  return false;
}

/**
 * The authors' lick rates of each session of `sessionTrials` trials (the last may be
 * shorter), on the first {@link SESSION_SCORED_TRIALS} trials of each.
 *
 * @example Session 1 licks in both rewarded trials and one of two unrewarded ones
 * ```ts
 * const s = sessionLicks([true, true, true, false], [true, false, true, false], 4);
 * s[0].difference; // 1 − 0.5 = 0.5
 * ```
 */
export function sessionLicks(
  zoneLick: readonly boolean[],
  isRewarded: readonly boolean[],
  sessionTrials: number,
): SessionLicks[] {
  const out: SessionLicks[] = [];
  for (let start = 0; start < zoneLick.length; start += sessionTrials) {
    const end = Math.min(start + Math.min(sessionTrials, SESSION_SCORED_TRIALS), zoneLick.length);
    const count = [0, 0], licks = [0, 0];
    for (let t = start; t < end; t++) {
      const k = isRewarded[t] ? 0 : 1;
      count[k]++;
      if (zoneLick[t]) licks[k]++;
    }
    const rewarded = licks[0] / count[0], unrewarded = licks[1] / count[1];
    out.push({ rewarded, unrewarded, difference: rewarded - unrewarded });
  }
  return out;
}

/**
 * Every score of one run from its per-trial reward-zone licks and corridors.
 *
 * @example
 * ```ts
 * const r = scoreArm([true, false, true, false], [true, false, true, false], 2);
 * [r.first200Correct, r.sessions.length, r.sessions[0].difference]; // [1, 2, 1]
 * ```
 */
export function scoreArm(
  zoneLick: readonly boolean[],
  isRewarded: readonly boolean[],
  sessionTrials: number,
): ArmResult {
  const correct = zoneLick.map((lick, t) => (isRewarded[t] ? lick : !lick));
  const crit = trialsToCriterion(correct);
  return {
    correct: correct.map(Number),
    zoneLick: zoneLick.map(Number),
    trialsToCriterion: crit.trials,
    reached: crit.reached,
    first200Correct: firstNCorrect(correct, 200),
    sessions: sessionLicks(zoneLick, isRewarded, sessionTrials),
    curve: learningCurve(correct, 20),
  };
}
