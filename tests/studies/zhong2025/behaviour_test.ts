import assert from "node:assert/strict";
import { REWARD_ZONE } from "../../../src/tasks/exposure/mod.ts";
import {
  scoreArm,
  SESSION_SCORED_TRIALS,
  sessionLicks,
  zoneLicked,
} from "../../../src/studies/zhong2025/_behaviour.ts";

Deno.test("zhong2025 zoneLicked: a lick counts only inside the reward zone, p > 0.5", () => {
  const p = new Float32Array(60);
  p[REWARD_ZONE.start - 1] = 1;
  p[REWARD_ZONE.end] = 1;
  assert.equal(zoneLicked(p), false, "licks just outside the zone");
  p[REWARD_ZONE.end - 1] = 0.5;
  assert.equal(zoneLicked(p), false, "p = 0.5 is no lick");
  p[REWARD_ZONE.start] = 0.51;
  assert.equal(zoneLicked(p), true);
});

Deno.test("zhong2025 sessionLicks: per session, only the first 200 trials, rewarded − unrewarded", () => {
  // Two sessions of 300 trials, alternating corridors (rewarded on even trials).
  const n = 600, sessionTrials = 300;
  const isRewarded = Array.from({ length: n }, (_, t) => t % 2 === 0);
  // Session 1: rewarded licks on t % 4 === 0 (half the rewarded trials), unrewarded licks
  // on t % 10 === 1 (1 in 5 unrewarded trials); trials 200–299 lick everywhere: not scored.
  // Session 2: rewarded always, unrewarded never.
  const lick = Array.from({ length: n }, (_, t) => {
    if (t < 200) return t % 4 === 0 || t % 10 === 1;
    if (t < 300) return true;
    return isRewarded[t];
  });
  const s = sessionLicks(lick, isRewarded, sessionTrials);
  assert.equal(SESSION_SCORED_TRIALS, 200);
  assert.equal(s.length, 2);
  assert.equal(s[0].rewarded, 0.5);
  assert.equal(s[0].unrewarded, 0.2);
  assert.ok(Math.abs(s[0].difference - 0.3) < 1e-12);
  assert.deepEqual(s[1], { rewarded: 1, unrewarded: 0, difference: 1 });
  // A last, shorter session is scored on what it has; one corridor only gives NaN.
  const short = sessionLicks([true, true, false], [true, false, true], 2);
  assert.equal(short.length, 2);
  assert.deepEqual(short[0], { rewarded: 1, unrewarded: 1, difference: 0 });
  assert.ok(Number.isNaN(short[1].difference));
});

Deno.test("zhong2025 scoreArm: correct = lick in rewarded, no lick in unrewarded; censored criterion", () => {
  const isRewarded = Array.from({ length: 100 }, (_, t) => t % 2 === 0);
  // Always licking: every rewarded trial correct, every unrewarded one wrong.
  const always = scoreArm(isRewarded.map(() => true), isRewarded, 50);
  assert.equal(always.first200Correct, 0.5);
  assert.deepEqual(always.sessions.map((s) => s.difference), [0, 0]);
  assert.equal(always.reached, false, "50 % correct never reaches 85 % of 40");
  assert.equal(always.trialsToCriterion, 100, "censored at the trials run");
  // Perfect from trial 10 on: criterion at the first 40-trial window with ≥ 34 correct.
  const lick = isRewarded.map((r, t) => (t < 10 ? !r : r));
  const late = scoreArm(lick, isRewarded, 100);
  assert.equal(late.reached, true);
  assert.equal(late.trialsToCriterion, 44);
  assert.equal(late.first200Correct, 0.9);
  assert.deepEqual(late.correct.slice(8, 12), [0, 0, 1, 1]);
  assert.deepEqual(late.curve.slice(0, 2), [0.5, 1]);
});
