import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../../_cli.ts";

Deno.test("shakiba2026 CLI --tiny: writes units, report.md, summary.json and the figures", async () => {
  const out = join(Deno.makeTempDirSync({ prefix: "shakiba-" }), "run");
  const r = await runCliProcess([
    "train",
    "shakiba2026",
    "--tiny",
    "--backend",
    "cpu",
    "--out",
    out,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const units = [...Deno.readDirSync(join(out, "units"))].map((e) => e.name).sort();
  assert.equal(units.length, 6, units.join(","));
  assert.ok(units.includes("WsDsC-gonogo-s1.json"));
  type Stat = { mean: number; sd: number; n: number };
  const summary = JSON.parse(Deno.readTextFileSync(join(out, "summary.json"))) as {
    experiment: string;
    preset: string;
    metrics: Record<string, Record<string, Stat>>;
    tests: { pAdjusted: number }[];
    extra: { connectome: { neurons: number } };
  };
  assert.equal(summary.experiment, "shakiba2026");
  assert.equal(summary.preset, "tiny");
  for (const v of ["W*D*C", "W", "W!D*C*"]) {
    const e = summary.metrics[`${v}/gonogo`];
    for (const m of ["accuracy", "modularity", "smallWorld", "entropy"]) {
      assert.equal(typeof e[m].mean, "number", `${v} ${m}`);
      assert.equal(e[m].n, 2);
    }
    assert.ok(e.accuracy.mean >= 0 && e.accuracy.mean <= 1);
  }
  assert.ok(summary.tests.length > 0);
  assert.equal(summary.extra.connectome.neurons, 24);
  assert.match(Deno.readTextFileSync(join(out, "report.md")), /W\*D\*C/);
  for (const f of ["accuracy.svg", "modularity.svg", "weights_by_module_gonogo.png"]) {
    assert.ok(Deno.statSync(join(out, "figures", f)).size > 100, f);
  }
});

Deno.test("shakiba2026 CLI: bad variants and malformed fields are one-line errors (exit 2)", async () => {
  const bad = await runCliProcess(["train", "shakiba2026", "--variants", "W*Q", "--json"]);
  assert.equal(bad.code, 2);
  const errors = bad.stderr.trim().split("\n").filter((line) => !line.startsWith("backend: "));
  assert.equal(errors.length, 1, bad.stderr);
  assert.match(errors[0], /^error: unknown variant 'W\*Q'/);
  const dir = Deno.makeTempDirSync({ prefix: "field-" });
  Deno.writeTextFileSync(join(dir, "connectome_x.csv"), ",0,1\n0,0,1\n1,1,0\n");
  const missing = await runCliProcess([
    "train",
    "shakiba2026",
    "--field",
    dir,
    "--out",
    join(dir, "run"),
    "--json",
  ]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /no positions/);
});
