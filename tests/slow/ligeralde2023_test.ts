import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";
import { requires } from "../_tools.ts";
import type { RunSummary } from "../../src/experiment/contract.ts";

Deno.test({
  ...requires(
    "ligeralde2023 (slow): the tiny preset runs end to end and reports every condition",
    "fashion-mnist",
  ),
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const res = await runCliProcess([
      "train",
      "ligeralde2023",
      "--tiny",
      "--out",
      `${dir}/run`,
      "--json",
    ]);
    assert.equal(res.code, 0, res.stderr.slice(-2000));
    const summary: RunSummary = JSON.parse(await Deno.readTextFile(`${dir}/run/summary.json`));
    assert.deepEqual([summary.experiment, summary.preset], ["ligeralde2023", "tiny"]);
    assert.deepEqual(Object.keys(summary.metrics), ["random", "waves", "temporal"]);
    for (const c of Object.values(summary.metrics)) {
      for (const m of ["classification", "translation", "capacity"]) {
        assert.ok(Number.isFinite(c[m].mean), `${m} missing`);
      }
      assert.ok(c.classification.mean > 0.1, "probe should beat 10 % chance on Fashion-MNIST");
    }
    assert.ok(summary.tests.length > 0);
    const report = await Deno.readTextFile(`${dir}/run/report.md`);
    assert.match(report, /Paired t-tests/);
    for (const f of ["accuracy.svg", "capacity_translation.svg", "capacity_class.svg"]) {
      assert.ok(Deno.statSync(`${dir}/run/figures/${f}`).isFile, f);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
