// The real default run: `deno task train` = `train may2025 --quick` (minutes on 2 cores).
import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";

Deno.test("deno task train (may2025 --quick): completes, prints the table, writes the report", async () => {
  const out = await Deno.makeTempDir();
  try {
    const r = await runCliProcess(["train", "--out", out, "--json"]);
    assert.equal(r.code, 0, r.stderr.slice(-2000));
    const json = r.json as {
      experiment: string;
      seconds: number;
      conditions: Record<string, Record<string, { mean: number; sd: number }>>;
      tests: { a: string; b: string; metric: string; p: number; pAdjusted: number }[];
    };
    assert.equal(json.experiment, "may2025");
    assert.deepEqual(Object.keys(json.conditions), [
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
      const t = json.tests.find((t) =>
        t.a === "directional" && t.b === "none" && t.metric === metric
      );
      assert.ok(t && t.p >= 0 && t.p <= 1 && t.pAdjusted >= t.p, metric);
    }
    assert.match(r.stderr, /\| condition \| epoch 0 \| epoch 1 \| best \| test \| n \|/);
    const report = await Deno.readTextFile(`${out}/report.md`);
    assert.match(report, /learning_curves\.svg/);
    for (const c of Object.keys(json.conditions)) await Deno.stat(`${out}/gifs/${c}.gif`);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
