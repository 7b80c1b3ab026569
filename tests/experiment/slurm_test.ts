/**
 * A real Slurm sweep on the single-node cluster that `.ci/start-slurm` starts (CI runs it
 * as root through .ci/install-tools). Without Slurm the test is ignored and its name says why.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { activeJobs } from "../../src/experiment/slurm.ts";
import { report, results, starts, sweep, until } from "./_run.ts";
import { requires } from "../_tools.ts";

Deno.test({
  ...requires(
    "slurm sweep: one array task killed midway, --resume finishes it, and the report equals a local run's",
    "slurm",
  ),
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "sweep-slurm-" });
    try {
      const local = await sweep(["--seeds", "3", "--work-ms", "0", "--out", join(tmp, "local")]);
      assert.equal(local.code, 0, local.stderr);

      const dir = join(tmp, "slurm");
      const args = ["--seeds", "3", "--work-ms", "12000", "--runner", "slurm", "--out", dir];
      const resources = ["--mem", "400M", "--time", "00:05:00"];
      const submitted = await sweep([...args, ...resources]);
      assert.equal(submitted.code, 0, submitted.stderr);
      const jobs = submitted.json?.jobs as { array: string; aggregate: string };
      assert.match(jobs.array, /^\d+$/);
      assert.deepEqual(submitted.json?.units, { total: 6, done: 0, submitted: 6 });
      const keys = (await Deno.readTextFile(join(dir, "executor/slurm/batch1/units.txt"))).trim()
        .split("\n");

      // Kill a running array task once its unit has started (midway through the unit).
      let victim = "";
      await until(async () => {
        const running = await new Deno.Command("squeue", {
          args: ["-h", "-j", jobs.array, "-t", "R", "-o", "%i"],
        }).output();
        for (const id of new TextDecoder().decode(running.stdout).trim().split("\n")) {
          const index = Number(id.split("_")[1]);
          if (!Number.isInteger(index)) continue;
          const key = keys[index];
          if ((await starts(dir)).has(key) && !(await results(dir)).has(key)) {
            victim = key;
            const cancel = await new Deno.Command("scancel", { args: [id] }).output();
            return cancel.success;
          }
        }
        return false;
      }, 120);
      await until(async () => (await activeJobs([jobs.array, jobs.aggregate])).length === 0, 180);
      const partial = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
      assert.ok(partial.units.missing.includes(victim), `${victim} finished despite scancel`);
      assert.equal(partial.units.done, 6 - partial.units.missing.length);

      // Submitting again without --resume is refused; --resume resubmits only what is missing.
      const refused = await sweep([...args]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /already submitted .* pass --resume /);
      const resumed = await sweep(["--runner", "slurm", "--resume", dir, ...resources, "--wait"]);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.deepEqual(resumed.json?.units, { total: 6, done: 6, failed: [], missing: [] });
      const again = (await Deno.readTextFile(join(dir, "executor/slurm/batch2/units.txt"))).trim()
        .split("\n");
      assert.deepEqual(again, partial.units.missing);
      assert.equal((await starts(dir)).get(victim), 2);
      assert.deepEqual(await report(dir), await report(join(tmp, "local")));
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
