import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";

Deno.test("ligeralde2023 (slow): the tiny preset runs end to end and reports every condition", async () => {
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
    const conditions = res.json!.conditions as Record<string, Record<string, { mean: number }>>;
    assert.deepEqual(Object.keys(conditions), ["random", "waves", "temporal"]);
    for (const c of Object.values(conditions)) {
      for (const m of ["classification", "translation", "capacity"]) {
        assert.ok(Number.isFinite(c[m].mean), `${m} missing`);
      }
      assert.ok(c.classification.mean > 0.1, "probe should beat 10 % chance on Fashion-MNIST");
    }
    assert.ok((res.json!.comparisons as unknown[]).length > 0);
    const report = await Deno.readTextFile(`${dir}/run/report.md`);
    assert.match(report, /Paired t-tests/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
