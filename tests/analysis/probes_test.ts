import assert from "node:assert/strict";
import { linearProbe } from "../../src/analysis/probes.ts";
import { Rng } from "../../src/util/rng.ts";
import { InputError } from "../../src/util/errors.ts";

function blobs(rng: Rng, n: number, classes: number, dim: number, spread: number) {
  const centres = Array.from(
    { length: classes },
    () => Array.from({ length: dim }, () => rng.normal()),
  );
  const x = new Float32Array(n * dim);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    labels.push(c);
    for (let d = 0; d < dim; d++) x[i * dim + d] = centres[c][d] + spread * rng.normal();
  }
  return { x, labels, dim };
}

Deno.test("probes: separable blobs are read out; pure noise stays at chance", () => {
  const rng = new Rng(4);
  const easy = blobs(rng, 300, 5, 10, 0.2);
  const res = linearProbe(easy, blobs(new Rng(4), 300, 5, 10, 0.2));
  assert.equal(res.trainAccuracy, 1);
  assert.ok(res.testAccuracy > 0.95, `${res.testAccuracy}`);
  // Labels independent of features: test accuracy near 1/5.
  const noise = { x: Float32Array.from({ length: 400 * 10 }, () => rng.normal()), dim: 10 };
  const labels = Array.from({ length: 400 }, () => rng.int(5));
  const chance = linearProbe(
    { ...noise, x: noise.x.slice(0, 2000), labels: labels.slice(0, 200) },
    { ...noise, x: noise.x.slice(2000), labels: labels.slice(200) },
  );
  assert.ok(chance.testAccuracy < 0.35, `${chance.testAccuracy}`);
});

Deno.test("probes: bad shapes are InputErrors", () => {
  assert.throws(
    () =>
      linearProbe({ x: new Float32Array(5), labels: [0, 1], dim: 2 }, {
        x: new Float32Array(4),
        labels: [0, 1],
        dim: 2,
      }),
    InputError,
  );
});
