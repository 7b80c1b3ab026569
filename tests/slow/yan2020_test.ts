import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";

Deno.test("yan2020: a tiny run prints the summary with every headline field", async () => {
  const out = await Deno.makeTempDir();
  const { code, json, stderr } = await runCliProcess([
    "train",
    "yan2020",
    "--quick",
    "--json",
    "--frames",
    "3000",
    "--epochs",
    "2",
    "--cells",
    "quadrants-off,bars-on",
    "--no-separable",
    "--no-spikes",
    "--out",
    out,
  ]);
  assert.equal(code, 0, stderr);
  assert.ok(json);
  const j = json as Record<string, Record<string, unknown>>;
  for (const key of ["cnn", "ln", "sta"]) assert.equal(typeof j[key].correlation, "number");
  assert.equal(typeof j.filterMatch.score, "number");
  const transfer = j.transfer as unknown as { cells: { matrix: number[][] }; stimulus: unknown };
  assert.equal(transfer.cells.matrix.length, 2);
  assert.ok(transfer.stimulus, "white noise ↔ natural transfer is reported");
  await Deno.remove(out, { recursive: true });
});

Deno.test("yan2020: bad flags are one-line errors with exit code 2", async () => {
  const bad = await runCliProcess(["train", "yan2020", "--cells", "nope", "--json"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown cell 'nope'/);
  const half = await runCliProcess(["train", "yan2020", "--stimulus", "x.npy"]);
  assert.equal(half.code, 2);
});
