import assert from "node:assert/strict";
import { join } from "node:path";
import { results, sweep } from "./_run.ts";

async function bash(script: string, env: Record<string, string>) {
  const out = await new Deno.Command("bash", { args: [script], env, stdin: "null" }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("slurm --dry-run: the array script carries the resources and, run by hand as task 1, runs units 3–4; the report script aggregates", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-dry-" });
  try {
    const out = await sweep([
      "--seeds",
      "3",
      "--work-ms",
      "0",
      "--runner",
      "slurm",
      "--dry-run",
      "--out",
      tmp,
      "--chunk",
      "2",
      "--cpus",
      "2",
      "--mem",
      "3G",
      "--time",
      "00:20:00",
      "--partition",
      "short",
      "--account",
      "lab42",
      "--max-parallel",
      "2",
      "--sbatch-option=--qos=low",
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.json?.jobs, null);
    assert.deepEqual(out.json?.units, { total: 6, done: 0, submitted: 0 });
    const paths = out.json?.paths as Record<string, string>;
    const script = await Deno.readTextFile(paths.arrayScript);
    for (
      const line of [
        "#SBATCH --array=0-2%2",
        "#SBATCH --cpus-per-task=2",
        "#SBATCH --mem=3G",
        "#SBATCH --time=00:20:00",
        "#SBATCH --partition=short",
        "#SBATCH --account=lab42",
        "#SBATCH --qos=low",
        "CHUNK=2",
        'export PREVISION_THREADS="${PREVISION_THREADS:-${SLURM_CPUS_PER_TASK:-1}}"',
      ]
    ) assert.ok(script.includes(line), `missing ${line}`);
    const keys = (await Deno.readTextFile(join(tmp, "executor/slurm/batch1/units.txt"))).trim()
      .split("\n");
    assert.deepEqual(keys, ["a-seed1", "a-seed2", "a-seed3", "b-seed1", "b-seed2", "b-seed3"]);
    assert.match(await Deno.readTextFile(paths.submitScript), /--dependency=afterany:"\$array"/);

    const task = await bash(paths.arrayScript, {
      SLURM_ARRAY_TASK_ID: "1",
      SLURM_CPUS_PER_TASK: "2",
    });
    assert.equal(task.code, 0, task.stderr);
    assert.deepEqual([...(await results(tmp)).keys()], ["a-seed3", "b-seed1"]);
    const cost = JSON.parse(await Deno.readTextFile(join(tmp, "executor/costs/a-seed3.json")));
    assert.equal(cost.threads, 2);
    const agg = await bash(paths.aggregateScript, {});
    assert.equal(agg.code, 0, agg.stderr);
    const summary = JSON.parse(await Deno.readTextFile(join(tmp, "summary.json")));
    assert.equal(summary.units.done, 2);
    assert.deepEqual(summary.units.missing, ["a-seed1", "a-seed2", "b-seed2", "b-seed3"]);
    assert.equal(summary.costs.measured, 2);
    assert.ok(summary.costs.maxPeakRssMiB > 20, `peak RSS ${summary.costs.maxPeakRssMiB} MiB`);
    assert.equal(typeof summary.costs.meanCpuSeconds, "number");
    assert.equal(summary.metrics.a.mean.n, 1);
    assert.ok(await Deno.stat(join(tmp, "report.md")));

    // A second dry run writes only the units still missing.
    const again = await sweep(["--runner", "slurm", "--dry-run", "--resume", tmp]);
    assert.equal(again.code, 0, again.stderr);
    const second = (again.json?.paths as Record<string, string>).arrayScript;
    assert.match(await Deno.readTextFile(second), /#SBATCH --array=0-3\n/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("k8s --dry-run: an Indexed Job with one completion per chunk, the pending units and config in a ConfigMap", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-k8s-" });
  try {
    const out = await sweep([
      "--seeds",
      "5",
      "--runner",
      "k8s",
      "--dry-run",
      "--out",
      tmp,
      "--chunk",
      "3",
      "--workers",
      "2",
      "--mem",
      "4G",
      "--image",
      "lab/prevision:1",
      "--pvc",
      "results",
    ]);
    assert.equal(out.code, 0, out.stderr);
    const path = (out.json?.paths as Record<string, string>).manifest;
    const list = JSON.parse(await Deno.readTextFile(path));
    const [configMap, job] = list.items;
    assert.equal(job.kind, "Job");
    assert.equal(job.spec.completionMode, "Indexed");
    assert.equal(job.spec.completions, 4);
    assert.equal(job.spec.parallelism, 2);
    assert.equal(job.spec.backoffLimitPerIndex, 1);
    const container = job.spec.template.spec.containers[0];
    assert.deepEqual(container.env[1], { name: "PREVISION_THREADS", value: "1" });
    assert.equal(container.image, "lab/prevision:1");
    assert.equal(container.resources.limits.memory, "4Gi");
    assert.match(container.command[2], /JOB_COMPLETION_INDEX \* 3 \+ 1/);
    assert.match(
      container.command[2],
      /\/app\/cli\.ts sweep \/app\/tests\/experiment\/_toy\.ts --out \/results\//,
    );
    assert.equal(configMap.data["units.txt"].trim().split("\n").length, 10);
    assert.deepEqual(
      JSON.parse(configMap.data["config.json"]),
      JSON.parse(await Deno.readTextFile(join(tmp, "config.json"))),
    );
    assert.equal(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, "results");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
