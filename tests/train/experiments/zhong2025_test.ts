import assert from "node:assert/strict";
import { runCliProcess } from "../../_cli.ts";

Deno.test("zhong2025: a tiny run prints groups with learning-speed and selectivity stats", async () => {
  const out = await Deno.makeTempDir();
  const { code, json, stderr } = await runCliProcess([
    "train",
    "zhong2025",
    "--json",
    "--seeds",
    "2",
    "--groups",
    "unsupervised,naive,grating",
    "--exposure-steps",
    "3",
    "--trials",
    "40",
    "--test-laps",
    "4",
    "--workers",
    "1",
    "--out",
    out,
  ]);
  assert.equal(code, 0, stderr);
  const j = json as Record<string, Record<string, Record<string, Record<string, number>>>>;
  for (const g of ["unsupervised", "naive", "grating"]) {
    for (const k of ["trialsToCriterion", "first200Correct", "selectiveFraction"]) {
      assert.equal(typeof j.groups[g][k].mean, "number", `${g}.${k}`);
      assert.equal(j.groups[g][k].n, 2);
    }
    assert.ok(j.groups[g].first200Correct.mean >= 0 && j.groups[g].first200Correct.mean <= 1);
  }
  const p = j.tests.first200Correct.unsupervised_vs_naive as unknown as Record<string, number>;
  assert.ok(p.mannWhitneyP > 0 && p.mannWhitneyP <= 1);
  for (const f of ["learning_curves.svg", "selectivity_sweep.svg", "coding_direction.svg"]) {
    assert.match(await Deno.readTextFile(`${out}/${f}`), /<svg/);
  }
  await Deno.remove(out, { recursive: true });
});

Deno.test("zhong2025: bad flags are one-line errors with exit code 2", async () => {
  const bad = await runCliProcess(["train", "zhong2025", "--groups", "nope", "--json"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown group 'nope'/);
  const obj = await runCliProcess(["train", "zhong2025", "--objective", "x"]);
  assert.equal(obj.code, 2);
});
