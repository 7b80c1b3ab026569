import assert from "node:assert/strict";
import { modelView } from "../../../src/studies/yan2020/data.ts";
import { interval } from "../../../src/studies/yan2020/_summary.ts";

Deno.test("modelView: --exclude-current moves every frame one step later", () => {
  const movie = { data: Float32Array.from([1, 2, 3]), frames: 3, size: 1, frameRate: 30 };
  assert.equal(modelView(movie, false), movie);
  assert.deepEqual(Array.from(modelView(movie, true).data), [0, 1, 2]);
});

Deno.test("interval: t-based 95 % CI of a known sample", () => {
  // mean 2, sd 1, n 3: half-width t(0.975, 2)·1/√3 = 4.303/1.732 = 2.484.
  const x = interval([1, 2, 3, NaN]);
  assert.equal(x.n, 3);
  assert.ok(Math.abs(x.mean - 2) < 1e-12);
  assert.ok(Math.abs(x.ci[1] - 2 - 2.4843) < 1e-3, `${x.ci}`);
  assert.ok(Number.isNaN(interval([1]).ci[0]));
});
