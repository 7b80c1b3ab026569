import assert from "node:assert/strict";
import {
  bestAssignment,
  matchFiltersToMasks,
  placeKernel,
  rank1,
} from "../../src/analysis/filters.ts";
import { blockLayout } from "../../src/biology/rgc/mod.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("rank1: recovers the factors of an outer product", () => {
  const u = [1, -2, 3];
  const v = [0.5, 1, 0, -1];
  const m = u.flatMap((a) => v.map((b) => a * b));
  const r = rank1(m, 3, 4);
  const nu = Math.hypot(...u);
  const nv = Math.hypot(...v);
  u.forEach((a, i) => assert.ok(Math.abs(r.u[i] - a / nu) < 1e-9));
  v.forEach((b, i) => assert.ok(Math.abs(r.v[i] - b / nv) < 1e-9));
  assert.ok(Math.abs(r.s - nu * nv) < 1e-9);
  assert.ok(Math.abs(r.explained - 1) < 1e-9);
});

Deno.test("bestAssignment: finds the maximum-weight matching", () => {
  const score = [[0.9, 0.8, 0.1], [0.85, 0.1, 0.2]];
  assert.deepEqual(bestAssignment(score), [1, 0]); // 0.8 + 0.85 beats 0.9 + 0.2
  assert.throws(() => bestAssignment([[1], [1]]), InputError);
});

Deno.test("matchFiltersToMasks: permuted, sign-flipped, shifted kernels match perfectly", () => {
  const masks = blockLayout().map((s) => s.mask);
  // 7×7 kernels holding one 2×2 block each; conv placements at offsets (0|1, 0|1).
  const kernels = [[3, 3], [1, 1], [3, 1], [1, 3]].map(([y, x], i) => {
    const k = new Float64Array(49);
    for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
      k[(y + dy) * 7 + x + dx] = i % 2 ? -1 : 2;
    }
    return k;
  });
  const candidates = kernels.map((k) =>
    [[0, 0], [0, 1], [1, 0], [1, 1]].map(([oy, ox]) => placeKernel(k, 7, 7, 8, oy, ox))
  );
  candidates.push([new Float64Array(64).map((_, i) => Math.sin(i))]); // a distractor
  const { score, matches } = matchFiltersToMasks(candidates, masks);
  assert.ok(Math.abs(score - 1) < 1e-9);
  // kernel 1 (block at (1,1)) placed at (1,1) covers pixels (2..3, 2..3) = subunit 0.
  assert.equal(matches[0].filter, 1);
  assert.equal(matches[0].sign, -1);
  assert.equal(new Set(matches.map((m) => m.filter)).size, 4);
  // A blurry filter matches worse.
  const blur = [[new Float64Array(64).fill(1).map((_, i) => (i % 8 < 4 ? 1 : 0.5))]];
  assert.ok(matchFiltersToMasks(blur, masks).score < 0.5);
});
