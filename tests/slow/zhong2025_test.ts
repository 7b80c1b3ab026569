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
    for (const arm of ["frozen", "plastic"]) {
      const m = summary.metrics[g][`${arm}.lickDifference.session1`];
      assert.ok(m.n === 12 && Number.isFinite(m.mean), `${g} ${arm}`);
    }
  }
  for (const arm of ["frozen", "plastic"]) {
    for (const b of ["naive", "grating"]) {
      for (
        const [metric, method] of [
          [`${arm}.lickDifference.session1`, "Mann–Whitney U"],
          [`${arm}.trialsToCriterion`, "log-rank (censored)"],
        ]
      ) {
        const t = summary.tests.find((t) =>
          t.metric === metric && t.a === "unsupervised" && t.b === b && t.method === method
        );
        assert.ok(t && t.p > 0 && t.p <= 1, `${metric} unsupervised vs ${b}`);
      }
    }
  }
  await Deno.remove(out, { recursive: true });
});
