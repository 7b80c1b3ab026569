import assert from "node:assert/strict";
import { ballCapacity, simulatedCapacity } from "../../src/analysis/capacity/mod.ts";
import { randomBalls } from "../analysis/capacity/_balls.ts";

Deno.test("capacity (slow): simulated capacity of 50 sampled circles vs the ℓ2-ball curve", () => {
  for (const r of [0.5, 1]) {
    const sim = simulatedCapacity(randomBalls(50, 20, 2, r, 400, 7), { reps: 20, seed: 2 });
    const theory = ballCapacity(r, 2);
    assert.ok(Math.abs(sim.alpha / theory - 1) < 0.1, `R=${r}: ${sim.alpha} vs ${theory}`);
  }
});
