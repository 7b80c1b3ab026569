import assert from "node:assert/strict";
import { kdeEntropy } from "../../../src/analysis/graph/mod.ts";

Deno.test("kdeEntropy: grid points whose density underflows count as 0 · log 0 = 0, not NaN", () => {
  // 1,000 values i · 0.016/999 and one at 1: a grid point ≈ 38 bandwidths from every sample
  // has a density of ~1e-310, which underflows to 0 once normalised (it gave NaN before).
  // Reference: scipy 1.17.1, x = np.append(np.arange(1000) * (0.016 / 999), 1.0);
  // entropy(gaussian_kde(x)(np.linspace(x.min(), x.max(), 100)), base=2) = 1.6552541280233646.
  const x = [...Array.from({ length: 1000 }, (_, i) => i * (0.016 / 999)), 1];
  const h = kdeEntropy(x);
  assert.ok(Math.abs(h - 1.6552541280233646) < 1e-9, String(h));
});
