import assert from "node:assert/strict";
import {
  codingDirection,
  dPrime,
  heldOut,
  selectiveFraction,
  selectivitySweep,
  similarityIndex,
  similarityOfNew,
  type TrialMatrix,
} from "../../../src/analysis/neural/mod.ts";
import { Rng } from "../../../src/util/rng.ts";

/** Units with Gaussian responses: unit u has mean means[u] and sd sds[u]. */
function population(rng: Rng, trials: number, means: number[], sds: number[]): TrialMatrix {
  const units = means.length;
  const data = new Float64Array(trials * units);
  for (let t = 0; t < trials; t++) {
    for (let u = 0; u < units; u++) data[t * units + u] = means[u] + sds[u] * rng.normal();
  }
  return { trials, units, data };
}

Deno.test("dPrime: exact on hand-computed responses", () => {
  // unit 0: A = [1,3] (mean 2, sd √2), B = [0,0] (mean 0, sd 0) → d′ = 2·2/√2 = 2√2
  const a = { trials: 2, units: 1, data: [1, 3] };
  const b = { trials: 2, units: 1, data: [0, 0] };
  assert.ok(Math.abs(dPrime(a, b)[0] - 2 * Math.SQRT2) < 1e-12);
  assert.ok(Math.abs(dPrime(b, a)[0] + 2 * Math.SQRT2) < 1e-12);
});

Deno.test("dPrime: recovers known d′ of synthetic units and the selective fraction", () => {
  const rng = new Rng(11);
  // Known d′ = 2Δ/(σ+σ) = Δ/σ with σ = 1: units with d′ 0, 0.1, 0.5, 1, 2, −1.
  const truth = [0, 0.1, 0.5, 1, 2, -1];
  const a = population(rng, 4000, truth, truth.map(() => 1));
  const b = population(rng, 4000, truth.map(() => 0), truth.map(() => 1));
  const d = dPrime(a, b);
  truth.forEach((t, u) => assert.ok(Math.abs(d[u] - t) < 0.06, `unit ${u}: ${d[u]} vs ${t}`));
  assert.equal(selectiveFraction(truth, 0.3), 4 / 6);
  const sweep = selectivitySweep(truth, [0.05, 0.3, 1.5]);
  assert.deepEqual(sweep.map((s) => s.fraction), [5 / 6, 4 / 6, 1 / 6]);
});

Deno.test("codingDirection: picks the planted units and separates held-out trials", () => {
  const rng = new Rng(5);
  const units = 200;
  const meansA = new Array(units).fill(0);
  const meansB = new Array(units).fill(0);
  for (let u = 0; u < 10; u++) meansA[u] = 1.5; // prefer A
  for (let u = 10; u < 20; u++) meansB[u] = 1.5; // prefer B
  const sds = new Array(units).fill(1);
  const a = population(rng, 200, meansA, sds);
  const b = population(rng, 200, meansB, sds);
  const cd = codingDirection(a, b, 0.05);
  assert.equal(cd.positive.length, 10);
  assert.ok(cd.positive.every((u) => u < 10), `positive ${cd.positive}`);
  assert.ok(cd.negative.every((u) => u >= 10 && u < 20), `negative ${cd.negative}`);
  const pa = cd.project(heldOut(a)).reduce((s, v) => s + v) / 100;
  const pb = cd.project(heldOut(b)).reduce((s, v) => s + v) / 100;
  assert.ok(Math.abs(pa - 1.5) < 0.2 && Math.abs(pb + 1.5) < 0.2, `${pa} ${pb}`);
});

Deno.test("similarityIndex: +1 like leaf, −1 like circle, 0 halfway", () => {
  assert.equal(similarityIndex(2, -2, 2), 1);
  assert.equal(similarityIndex(2, -2, -2), -1);
  assert.equal(similarityIndex(2, -2, 0), 0);
  const rng = new Rng(9);
  const units = 100;
  const leaf = new Array(units).fill(0), circle = new Array(units).fill(0);
  for (let u = 0; u < 5; u++) leaf[u] = 2;
  for (let u = 5; u < 10; u++) circle[u] = 2;
  const sds = new Array(units).fill(0.5);
  const r = similarityOfNew(
    population(rng, 100, leaf, sds),
    population(rng, 100, circle, sds),
    population(rng, 100, leaf, sds), // a new exemplar coded like the leaf
  );
  assert.ok(r.si > 0.8, `si ${r.si}`);
});
