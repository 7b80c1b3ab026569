import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../_cli.ts";
import type { RunSummary } from "../../src/experiment/contract.ts";

Deno.test("zhong2025 --quick: every group, p-values for exposure vs naive and grating", async () => {
  const out = await Deno.makeTempDir();
  const { code, stderr } = await runCliProcess([
    "train",
    "zhong2025",
    "--quick",
    "--json",
    "--out",
    out,
  ]);
  assert.equal(code, 0, stderr);
  const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json"))) as RunSummary;
  for (const g of ["task", "unsupervised", "naive", "grating"]) {
    assert.equal(summary.metrics[g].first200Correct.n, 6);
    assert.ok(Number.isFinite(summary.metrics[g].trialsToCriterion.mean));
  }
  for (const m of ["trialsToCriterion", "first200Correct", "selectiveFraction"]) {
    for (const b of ["naive", "grating"]) {
      const t = summary.tests.find((t) =>
        t.metric === m && t.a === "unsupervised" && t.b === b && t.method === "Mann–Whitney U"
      );
      assert.ok(t && t.p > 0 && t.p <= 1, `${m} unsupervised vs ${b}`);
    }
  }
  await Deno.remove(out, { recursive: true });
});
