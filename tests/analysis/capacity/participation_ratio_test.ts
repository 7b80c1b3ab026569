import assert from "node:assert/strict";
import { participationRatio } from "../../../src/analysis/capacity/mod.ts";
import { Rng } from "../../../src/util/rng.ts";
import { InputError } from "../../../src/util/errors.ts";

Deno.test("participation ratio: known spectra give (Σλ)²/Σλ²", () => {
  // Points ±a_k e_k: covariance eigenvalues ∝ a_k², so PR = (Σa²)² / Σa⁴.
  const amps = [1, 2, 3];
  const dim = 5;
  const pts: number[] = [];
  amps.forEach((a, k) => {
    for (const sign of [1, -1]) {
      const row = new Array(dim).fill(0);
      row[k] = sign * a;
      pts.push(...row);
    }
  });
  const l = amps.map((a) => a * a);
  const expected = l.reduce((s, v) => s + v, 0) ** 2 / l.reduce((s, v) => s + v * v, 0);
  const n = pts.length / dim;
  assert.ok(Math.abs(participationRatio(pts, n, dim) - expected) < 1e-12); // Gram path (n > dim? no)
  // The same points in a wider space (n < dim) take the other path and agree.
  const wide = 12;
  const padded: number[] = [];
  for (let i = 0; i < n; i++) {
    padded.push(...pts.slice(i * dim, (i + 1) * dim), ...new Array(wide - dim).fill(0));
  }
  assert.ok(Math.abs(participationRatio(padded, n, wide) - expected) < 1e-12);
  // A shift of every point changes nothing (centred); a single direction gives 1.
  assert.ok(Math.abs(participationRatio(pts.map((v) => v + 7), n, dim) - expected) < 1e-9);
  assert.ok(Math.abs(participationRatio([1, 1, 2, 2, 3, 3], 3, 2) - 1) < 1e-12);
});

Deno.test("participation ratio: isotropic Gaussian in k of d dims → ≈ k", () => {
  const rng = new Rng(5);
  const n = 4000;
  const d = 10;
  const k = 4;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[i * d + j] = rng.normal();
  const pr = participationRatio(x, n, d);
  assert.ok(Math.abs(pr - k) < 0.15, `PR ${pr}`);
  assert.throws(() => participationRatio([1, 2, 3], 2, 2), InputError);
});
