import assert from "node:assert/strict";
import {
  corridorCodingDirection,
  frameDPrime,
  type LapResponses,
  percentile,
} from "../../../src/analysis/neural/corridor.ts";
import { dPrime } from "../../../src/analysis/neural/selectivity.ts";
import { InputError } from "../../../src/util/errors.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b} (tol ${tol})`);

const BINS = 60;

/** Planted responses: `unit(u, lap, bin)` for `units` units over `laps` laps of 60 bins. */
function plant(
  laps: number,
  units: number,
  unit: (u: number, lap: number, bin: number) => number,
): LapResponses {
  const data = new Float64Array(laps * BINS * units);
  for (let l = 0; l < laps; l++) {
    for (let b = 0; b < BINS; b++) {
      for (let u = 0; u < units; u++) data[(l * BINS + b) * units + u] = unit(u, l, b);
    }
  }
  return { laps, bins: BINS, units, data };
}

Deno.test("frameDPrime: σ over frames includes position tuning; per-lap means hide it", () => {
  // Unit 0 follows position (its response is the bin index) the same way in both corridors,
  // 5 higher in A, with no lap-to-lap variability. Over the 40 textured frames of a lap the
  // population SD of 0..39 is √((40² − 1)/12) = 11.5434, so d′ = 2·5/(2·11.5434) = 0.43315.
  // Unit 1: the same tuning, 3 higher in A: d′ = 0.25990, below the 0.3 threshold.
  // Unit 2: flat 1 in A, 0 in B, ±0.5 alternating between laps: σ = 0.5 each → d′ = 2.
  const a = plant(4, 3, (u, l, b) => [b + 5, b + 3, 1 + (l % 2 ? 0.5 : -0.5)][u]);
  const b = plant(4, 3, (u, l, b) => [b, b, l % 2 ? 0.5 : -0.5][u]);
  const d = frameDPrime(a, b);
  const sdPos = Math.sqrt((40 * 40 - 1) / 12);
  close(d[0], 5 / sdPos);
  close(d[1], 3 / sdPos);
  close(d[2], 2);
  // The per-lap-mean d′ (what the study computed before) calls unit 0 infinitely selective:
  // its per-lap means do not vary at all.
  const perLap = (r: LapResponses) => {
    const data = new Float64Array(r.laps * r.units);
    for (let l = 0; l < r.laps; l++) {
      for (let bin = 0; bin < 40; bin++) {
        for (let u = 0; u < r.units; u++) {
          data[l * r.units + u] += r.data[(l * BINS + bin) * r.units + u] / 40;
        }
      }
    }
    return { trials: r.laps, units: r.units, data };
  };
  assert.ok(dPrime(perLap(a), perLap(b))[0] > 1e5);
  // Only the fitting laps (0-based even) are used with laps: "fit": there unit 2 is 0.5
  // below its mean in both corridors, σ = 0 and the means differ → the ±1e6 guard.
  assert.equal(frameDPrime(a, b, { laps: "fit" })[2], 1e6);
  assert.throws(() => frameDPrime(a, plant(2, 2, () => 0)), InputError);
  assert.throws(() => frameDPrime({ ...a, data: [1, 2] }, b), InputError);
});

Deno.test("percentile: numpy's linear interpolation", () => {
  // np.percentile([1, 2, 3, 4], [95, 5]) = [3.85, 1.15]; np.percentile([7], 95) = 7.
  close(percentile([4, 1, 3, 2], 95), 3.85);
  close(percentile([4, 1, 3, 2], 5), 1.15);
  assert.equal(percentile([7], 95), 7);
});

Deno.test("corridorCodingDirection: corridor units only, held-out laps, centred and scaled", () => {
  // 20 units over 4 laps (fit: laps 0 and 2; held out: 1 and 3). Every textured response
  // alternates ± its SD between bins, so the population SD over textured frames is exact.
  //  unit 0 (P): A 3 ± 1, B 1 ± 1, grey 0.5 → d′ = 2, centre 0.5, (σA + σB)/2 = 1
  //  unit 1 (N): A 1 ± 2, B 3 ± 2, grey 0   → d′ = −1, centre 0, (σA + σB)/2 = 2
  //  unit 2 (G): A 5 ± 1, B 0 ± 1, grey 10  → d′ = 5 but more active in grey: not a corridor
  //              unit, so never chosen although its |d′| is the largest
  //  unit 3 (H): A 1 ± 1 and B 1 ± 1 on fitting laps, A 100 ± 1 on held-out laps: selective
  //              only on the held-out laps, so not chosen (d′ is fitted on the fitting laps)
  //  units 4–19: A 1 + 0.04k ± 1, B 1 ± 1, grey 0 → d′ = 0.04k ∈ [0, 0.6]
  // Among the 19 corridor units the 95th percentile of d′ (position 0.95 · 18 = 17.1 in the
  // sorted values) lies between the two largest (0.6 and 2) and the 5th between the two smallest (−1 and 0): P and N alone are chosen.
  const alt = (bin: number, sd: number) => (bin % 2 ? sd : -sd);
  const unit = (stim: "A" | "B" | "C") => (u: number, l: number, b: number) => {
    if (b >= 40) return [0.5, 0, 10][u] ?? 0;
    const s = { A: 0, B: 1, C: 2 }[stim];
    if (u === 0) return [3, 1, 2.5][s] + alt(b, 1);
    if (u === 1) return [1, 3, 1.5][s] + alt(b, 2);
    if (u === 2) return [5, 0, 2][s] + alt(b, 1);
    if (u === 3) return (stim === "A" && l % 2 === 1 ? 100 : 1) + alt(b, 1);
    return (stim === "A" ? 1 + 0.04 * (u - 4) : 1) + alt(b, 1);
  };
  const a = plant(4, 20, unit("A")), b = plant(4, 20, unit("B")), c = plant(3, 20, unit("C"));
  const cd = corridorCodingDirection(a, b, { session: [a, b, c] });
  close(cd.dPrime[0], 2);
  close(cd.dPrime[1], -1);
  close(cd.dPrime[2], 5);
  close(cd.dPrime[3], 0);
  assert.ok(!cd.corridorUnits.includes(2), "unit G is more active in grey");
  assert.equal(cd.corridorUnits.length, 19);
  assert.deepEqual(cd.positive, [0]);
  assert.deepEqual(cd.negative, [1]);
  // Projection of a lap = mean over textured bins of (x_P − 0.5)/1 − (x_N − 0)/2 (the ±
  // alternations cancel over 40 bins): A (3 − 0.5) − 1/2 = 2; B (1 − 0.5) − 3/2 = −1;
  // C (2.5 − 0.5) − 1.5/2 = 1.25. SI of C = (|1.25 + 1| − |2 − 1.25|)/(2 + 1) = 0.5.
  const pa = cd.project(a, "heldOut"), pb = cd.project(b, "heldOut"), pc = cd.project(c);
  assert.equal(pa.length, 2);
  assert.equal(pc.length, 3);
  for (const v of pa) close(v, 2);
  for (const v of pb) close(v, -1);
  for (const v of pc) close(v, 1.25);
  // Without corridor units (every unit more active in grey) nothing is projected.
  const dark = (r: LapResponses) => plant(r.laps, 2, (_u, _l, bin) => (bin >= 40 ? 9 : bin % 2));
  const none = corridorCodingDirection(dark(a), dark(b));
  assert.deepEqual([none.corridorUnits, none.positive], [[], []]);
  assert.ok(Number.isNaN(none.project(dark(a))[0]));
  assert.throws(() => corridorCodingDirection(plant(1, 20, unit("A")), b), InputError);
  assert.throws(() => corridorCodingDirection(a, b, { fraction: 0 }), InputError);
});
