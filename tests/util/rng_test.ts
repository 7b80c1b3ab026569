import assert from "node:assert/strict";
import { hash3, Rng, uniform3 } from "../../src/util/rng.ts";

Deno.test("rng: same seed gives the same sequence, different seeds differ", () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const c = new Rng(8);
  const sa = Array.from({ length: 100 }, () => a.uniform());
  const sb = Array.from({ length: 100 }, () => b.uniform());
  const sc = Array.from({ length: 100 }, () => c.uniform());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

Deno.test("rng: counter-based values are order independent and in [0, 1)", () => {
  const forward = Array.from({ length: 50 }, (_, i) => uniform3(3, 9, i));
  const backward = Array.from({ length: 50 }, (_, i) => uniform3(3, 9, 49 - i)).reverse();
  assert.deepEqual(forward, backward);
  for (const v of forward) assert.ok(v >= 0 && v < 1);
  assert.equal(hash3(1, 2, 3), hash3(1, 2, 3));
  assert.notEqual(hash3(1, 2, 3), hash3(1, 2, 4));
});

Deno.test("rng: uniform mean/variance and normal moments are right", () => {
  const rng = new Rng(123);
  const n = 200000;
  let s = 0, s2 = 0, z = 0, z2 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    s += u;
    s2 += u * u;
    const g = rng.normal();
    z += g;
    z2 += g * g;
  }
  assert.ok(Math.abs(s / n - 0.5) < 0.005);
  assert.ok(Math.abs(s2 / n - 1 / 3) < 0.005);
  assert.ok(Math.abs(z / n) < 0.01);
  assert.ok(Math.abs(z2 / n - 1) < 0.02);
});

Deno.test("rng: poisson mean matches and permutation is a permutation", () => {
  const rng = new Rng(5);
  let total = 0;
  for (let i = 0; i < 20000; i++) total += rng.poisson(3.5);
  assert.ok(Math.abs(total / 20000 - 3.5) < 0.05);
  const p = rng.permutation(100);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
});
