import assert from "node:assert/strict";
import {
  CRITERION,
  firstNCorrect,
  groupPlan,
  learningCurve,
  renderLaps,
  rewardTargets,
  trialCorrect,
  trialsToCriterion,
} from "../../../src/tasks/exposure/mod.ts";
import { InputError } from "../../../src/util/errors.ts";

const licksAt = (...bins: number[]) => {
  const l = new Array(60).fill(false);
  for (const b of bins) l[b] = true;
  return l;
};

Deno.test("exposure task: a trial is correct for zone licks in the rewarded corridor only", () => {
  assert.equal(trialCorrect(licksAt(), false), true);
  assert.equal(trialCorrect(licksAt(), true), false);
  assert.equal(trialCorrect(licksAt(20), true), true);
  assert.equal(trialCorrect(licksAt(39), true), true);
  assert.equal(trialCorrect(licksAt(19, 40), true), false, "licks just outside 2–4 m");
  assert.equal(trialCorrect(licksAt(30), false), false);
  assert.equal(trialCorrect(licksAt(5, 50), false), true, "licks outside the zone are unscored");
  assert.throws(() => trialCorrect([true], true), InputError);
  const t = rewardTargets(true);
  assert.equal(t.reduce((a, b) => a + b, 0), 20);
  assert.equal(t[20], 1);
  assert.equal(t[19], 0);
  assert.equal(rewardTargets(false).reduce((a, b) => a + b, 0), 0);
});

Deno.test("exposure task: trials to criterion, first-200 fraction and learning curve", () => {
  const seq = [...new Array(30).fill(false), ...new Array(40).fill(true)];
  const c = trialsToCriterion(seq);
  assert.equal(c.reached, true);
  // 16 of the last 20 correct first happens at trial 30 + 16.
  assert.equal(c.trials, 30 + CRITERION.window * CRITERION.fraction);
  const alternating = Array.from({ length: 100 }, (_, i) => i % 2 === 0);
  assert.deepEqual(trialsToCriterion(alternating), { trials: 100, reached: false });
  assert.equal(firstNCorrect(alternating, 200), 0.5);
  assert.equal(firstNCorrect(seq, 50), 20 / 50);
  assert.deepEqual(learningCurve(seq, 35), [5 / 35, 1]);
  assert.throws(() => trialsToCriterion(seq, 0), InputError);
});

Deno.test("exposure task: laps are seeded, jittered and differ between textures", () => {
  const a = renderLaps("leaf1", 3, 7, { width: 16, height: 8 });
  const b = renderLaps("leaf1", 3, 7, { width: 16, height: 8 });
  const c = renderLaps("leaf1", 3, 8, { width: 16, height: 8 });
  assert.equal(a.data.length, 3 * 60 * 128);
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, c.data);
  const clean = (corridor: string) =>
    renderLaps(corridor, 1, 1, {
      width: 16,
      height: 8,
      pixelNoise: 0,
      gainJitter: 0,
      offsetJitter: 0,
    }).data;
  // Textured first 4 m differ between leaf and circle; the grey last bins look alike.
  const leaf = clean("leaf1"), circle = clean("circle1");
  let early = 0, late = 0;
  for (let p = 0; p < 10 * 128; p++) early += Math.abs(leaf[p] - circle[p]);
  for (let p = 55 * 128; p < 60 * 128; p++) late += Math.abs(leaf[p] - circle[p]);
  assert.ok(early / 10 > 5 * (late / 5 + 1e-6), `early ${early / 10} late ${late / 5}`);
  assert.throws(() => renderLaps("leaf1", 0, 1), InputError);
  assert.throws(() => renderLaps("nope", 1, 1), InputError);
});

Deno.test("exposure paradigm: groups expose to the study's corridors", () => {
  assert.deepEqual([...groupPlan("unsupervised").exposure], ["leaf1", "circle1"]);
  assert.deepEqual([...groupPlan("grating").exposure], ["grating", "grating45"]);
  assert.equal(groupPlan("naive").exposure.length, 0);
  assert.equal(groupPlan("task").plasticEncoder, true);
  assert.equal(groupPlan("naive").plasticEncoder, false);
});
