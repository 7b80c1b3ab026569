import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";

Deno.test("zhong2025 --quick: every group, p-values for exposure vs naive and grating", async () => {
  const out = await Deno.makeTempDir();
  const { code, json, stderr } = await runCliProcess([
    "train",
    "zhong2025",
    "--quick",
    "--json",
    "--out",
    out,
  ]);
  assert.equal(code, 0, stderr);
  const j = json as Record<string, Record<string, Record<string, Record<string, number>>>>;
  for (const g of ["task", "unsupervised", "naive", "grating"]) {
    assert.equal(j.groups[g].first200Correct.n, 6);
    assert.ok(Number.isFinite(j.groups[g].trialsToCriterion.mean));
  }
  for (const m of ["trialsToCriterion", "first200Correct", "selectiveFraction"]) {
    for (const pair of ["unsupervised_vs_naive", "unsupervised_vs_grating"]) {
      const t = j.tests[m][pair] as unknown as Record<string, number>;
      assert.ok(t.mannWhitneyP > 0 && t.mannWhitneyP <= 1, `${m} ${pair}`);
    }
  }
  await Deno.remove(out, { recursive: true });
});
