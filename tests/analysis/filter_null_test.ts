import assert from "node:assert/strict";
import { shuffledMaskScores } from "../../src/analysis/filter_null.ts";
import { matchFiltersToMasks } from "../../src/analysis/filters.ts";
import { blockLayout } from "../../src/biology/rgc/mod.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("shuffledMaskScores: one-hot filter and mask on n pixels has null mean 2/n", () => {
  // |r| of two one-hots on n pixels is 1 if they coincide, 1/(n − 1) otherwise:
  // E = 1/n + (n − 1)/n · 1/(n − 1) = 2/n.
  const n = 10;
  const filter = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
  const scores = shuffledMaskScores([[filter]], [filter], 4000, 7);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  assert.ok(Math.abs(mean - 2 / n) < 0.02, `null mean ${mean}`);
  assert.ok(scores.every((s) => Math.abs(s - 1) < 1e-12 || Math.abs(s - 1 / (n - 1)) < 1e-12));
});

Deno.test("shuffledMaskScores: the true subunits score 1, their shuffled masks far less", () => {
  const masks = blockLayout().map((s) => s.mask);
  const candidates = masks.map((m) => [Float64Array.from(m)]);
  assert.ok(Math.abs(matchFiltersToMasks(candidates, masks).score - 1) < 1e-12);
  const scores = shuffledMaskScores(candidates, masks, 200, 3);
  assert.ok(Math.max(...scores) < 0.8, `max null ${Math.max(...scores)}`);
  // Deterministic for a seed.
  assert.deepEqual(shuffledMaskScores(candidates, masks, 5, 3), scores.slice(0, 5));
  assert.throws(() => shuffledMaskScores(candidates, masks, 0, 3), InputError);
});
