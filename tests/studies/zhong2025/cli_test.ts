import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, runTinyStudy } from "../../_cli.ts";

Deno.test("zhong2025 --tiny: the run folder holds every unit, report.md, summary.json and figures", async () => {
  const out = await Deno.makeTempDir({ prefix: "zhong2025-" });
  const { code, stderr, summary: read } = await runTinyStudy("zhong2025", out, [
    "--groups",
    "unsupervised,naive,grating",
  ]);
  assert.equal(code, 0, stderr);
  const summary = read!;
  assert.equal(summary.experiment, "zhong2025");
  assert.equal(summary.preset, "tiny");
  assert.equal(summary.units.done, 6);
  for (const g of ["unsupervised", "naive", "grating"]) {
    for (
      const k of ["frozen.lickDifference.session1", "plastic.first200Correct", "selectiveFraction"]
    ) {
      assert.equal(summary.metrics[g][k].n, 2, `${g}.${k}`);
    }
    const d = summary.metrics[g]["frozen.lickDifference.session1"].mean;
    assert.ok(d >= -1 && d <= 1, `lick difference ${d}`);
  }
  const t = summary.tests.find((t) =>
    t.metric === "frozen.lickDifference.session1" && t.a === "unsupervised" && t.b === "naive" &&
    t.method === "Mann–Whitney U"
  );
  assert.ok(t && t.p > 0 && t.p <= 1 && t.correction === "holm");
  assert.match(
    await Deno.readTextFile(join(out, "report.md")),
    /## Behaviour \(the authors' measure\)/,
  );
  for (
    const f of [
      "learning_curves_frozen.svg",
      "criterion_survival_plastic.svg",
      "selectivity_sweep.svg",
      "coding_direction.svg",
    ]
  ) {
    assert.match(await Deno.readTextFile(join(out, "figures", f)), /<svg/);
  }
  const config = JSON.parse(await Deno.readTextFile(join(out, "config.json")));
  assert.equal((config.config ?? config).taskTrials, 40);
  await Deno.remove(out, { recursive: true });
});

Deno.test("zhong2025: bad flags are one-line errors with exit code 2", async () => {
  const bad = await runCliProcess(["train", "zhong2025", "--groups", "nope", "--json"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--groups/);
  const obj = await runCliProcess(["train", "zhong2025", "--objective", "x"]);
  assert.equal(obj.code, 2);
  assert.match(obj.stderr, /--objective/);
});
