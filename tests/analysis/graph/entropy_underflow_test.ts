import assert from "node:assert/strict";
import { kdeEntropy } from "../../../src/analysis/graph/mod.ts";

Deno.test("kdeEntropy: grid points whose density underflows count as 0 · log 0 = 0, not NaN", () => {
  // 1,000 values in [0, 0.001] and one at 1: most of the grid lies hundreds of bandwidths from
  // any sample. Reference: scipy 1.17.1, entropy(gaussian_kde(x)(linspace(min, max, 100)),
  // base=2) = 1.0953545429862355 (computed once).
  const x = [...Array.from({ length: 1000 }, (_, i) => (0.001 * i) / 999), 1];
  const h = kdeEntropy(x);
  assert.ok(Math.abs(h - 1.0953545429862355) < 1e-9, String(h));
});
