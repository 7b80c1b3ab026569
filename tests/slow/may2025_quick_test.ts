// The real default run: `deno task train` = `train may2025 --quick` (minutes on 2 cores).
import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";
import type { RunSummary } from "../../src/experiment/contract.ts";

Deno.test("deno task train (may2025 --quick): completes, prints the table, writes the report", async () => {
  const out = await Deno.makeTempDir();
  try {
    const r = await runCliProcess(["train", "--out", out, "--json"]);
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`)) as RunSummary;
    assert.equal(summary.experiment, "may2025");
    assert.equal(summary.preset, "quick");
    assert.deepEqual(Object.keys(summary.metrics), [
      "directional",
      "undirectional",
      "none",
      "shuffled",
      "short1",
      "short2",
      "short4",
      "budget",
    ]);
    for (const metric of ["epoch0", "epoch1"]) {
      const t = summary.tests.find((t) =>
        t.a === "directional" && t.b === "none" && t.metric === metric
      );
      assert.ok(t && t.p >= 0 && t.p <= 1 && t.pAdjusted >= t.p, metric);
    }
    assert.match(r.stderr, /\| condition \| epoch 0 \| epoch 1 \| best \| test \| n \|/);
    const report = await Deno.readTextFile(`${out}/report.md`);
    assert.match(report, /figures\/learning_curves\.svg/);
    for (const c of Object.keys(summary.metrics)) {
      await Deno.stat(`${out}/figures/prediction_${c}.gif`);
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
