import assert from "node:assert/strict";
import { join } from "node:path";
import { runTinyStudy } from "../../_cli.ts";

Deno.test("yan2020 --tiny: the run folder holds every unit, report.md, summary.json and figures", async () => {
  const out = await Deno.makeTempDir({ prefix: "yan2020-" });
  const { code, stderr, summary: read } = await runTinyStudy("yan2020", out);
  assert.equal(code, 0, stderr);
  const summary = read!;
  assert.equal(summary.experiment, "yan2020");
  assert.equal(summary.preset, "tiny");
  assert.equal(summary.units.done, 5);
  for (const cell of ["quadrants-off", "bars-on"]) {
    for (const model of ["cnn", "ln", "sta"]) {
      assert.equal(typeof summary.metrics[`${cell}/${model}`].correlation.mean, "number");
    }
  }
  assert.ok(summary.tests.some((t) => t.a === "quadrants-off/cnn" && t.b === "quadrants-off/ln"));
  for (const key of ["cell-quadrants-off-seed1", "natural-quadrants-off-seed1"]) {
    await Deno.stat(join(out, "units", `${key}.json`));
  }
  assert.match(await Deno.readTextFile(join(out, "report.md")), /^# yan2020/);
  for (const f of ["filters.svg", "transfer.svg"]) {
    assert.match(await Deno.readTextFile(join(out, "figures", f)), /<svg/);
  }
  const config = JSON.parse(await Deno.readTextFile(join(out, "config.json")));
  assert.equal((config.config ?? config).trainFrames, 600);
  await Deno.remove(out, { recursive: true });
});
