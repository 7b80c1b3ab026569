import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../_cli.ts";
import { parseVariant, VARIANTS } from "../../src/train/experiments/_shakiba2026_variants.ts";
import { InputError } from "../../src/util/errors.ts";

Deno.test("shakiba2026 variants: the eleven names parse into the paper's recipes", () => {
  assert.equal(VARIANTS.length, 11);
  assert.deepEqual(parseVariant("W*D*C"), {
    name: "W*D*C",
    init: "bio",
    space: "real",
    regulariser: "wdc",
  });
  assert.deepEqual(parseVariant("WDC"), {
    name: "WDC",
    init: "orthogonal",
    space: "grid",
    regulariser: "wdc",
  });
  assert.deepEqual(parseVariant("WD*"), {
    name: "WD*",
    init: "orthogonal",
    space: "real",
    regulariser: "wd",
  });
  assert.deepEqual(parseVariant("W"), {
    name: "W",
    init: "orthogonal",
    space: "none",
    regulariser: "l1",
  });
  assert.deepEqual(parseVariant("W*DC*"), {
    name: "W*DC*",
    init: "bio",
    space: "grid",
    regulariser: "emd",
  });
  assert.deepEqual(parseVariant("W!D*C*"), {
    name: "W!D*C*",
    init: "permuted",
    space: "real",
    regulariser: "emd",
  });
  assert.throws(() => parseVariant("WC"), InputError);
  assert.throws(() => parseVariant("X"), InputError);
});

Deno.test("shakiba2026 CLI: a tiny synthetic run reports held-out accuracy and structure per variant", async () => {
  const out = Deno.makeTempDirSync({ prefix: "shakiba-" });
  const r = await runCliProcess([
    "train",
    "shakiba2026",
    "--neurons",
    "24",
    "--variants",
    "W*D*C,W,W!D*C*",
    "--tasks",
    "gonogo",
    "--train-trials",
    "64",
    "--test-trials",
    "64",
    "--null-perms",
    "4",
    "--backend",
    "cpu",
    "--out",
    out,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  type Stat = { mean: number; sd: number };
  const json = r.json as unknown as {
    variants: Record<string, Record<string, Record<string, Stat>>>;
    connectome: { neurons: number };
    units: { missing: string[] };
    figures: string[];
  };
  for (const v of ["W*D*C", "W", "W!D*C*"]) {
    const e = json.variants[v].gonogo;
    for (const m of ["accuracy", "modularity", "smallWorld", "entropy"]) {
      assert.equal(typeof e[m].mean, "number", `${v} ${m}`);
      assert.equal(typeof e[m].sd, "number");
    }
    assert.ok(e.accuracy.mean >= 0 && e.accuracy.mean <= 1);
  }
  assert.equal(json.connectome.neurons, 24);
  assert.deepEqual(json.units.missing, []);
  for (const f of json.figures) assert.ok(Deno.statSync(join(out, f)).size > 100, f);
  assert.ok(Deno.statSync(join(out, "report.json")).isFile);
});

Deno.test("shakiba2026 CLI: bad variants and malformed fields are one-line errors (exit 2)", async () => {
  const bad = await runCliProcess(["train", "shakiba2026", "--variants", "W*Q", "--json"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr.trim(), /^error: unknown variant 'W\*Q'/);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
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
