import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cost,
  report,
  results,
  starts,
  startSweep,
  strayFiles,
  sweep,
  train,
  until,
} from "./_run.ts";

const FLAGS = ["--seeds", "4", "--work-ms", "300", "--workers", "2"];

Deno.test("local sweep: killed with SIGKILL twice and restarted, every unit is done once and the report equals an uninterrupted sweep's", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-local-" });
  try {
    const reference = await sweep([...FLAGS, "--out", join(tmp, "ref")]);
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(reference.json?.units, { total: 8, done: 8, failed: [], missing: [] });
    assert.match(reference.stderr, /\[8\/8\] [ab]-seed\d done \([\d.]+ s\)\n/);
    assert.match(reference.stderr, /\[1\/8\] [ab]-seed\d done \([\d.]+ s, ETA [\d.]+ s\)/);

    const dir = join(tmp, "killed");
    // 1: SIGKILL to the whole process group (the sweep and its workers) after 2 results.
    let child = startSweep([...FLAGS, "--out", dir]);
    await until(async () => (await results(dir)).size >= 2);
    const firstKill = await results(dir);
    const firstStarts = await starts(dir);
    // Deno.kill of another process needs an unscoped --allow-run; the kill program is listed.
    const group = await new Deno.Command("kill", { args: ["-KILL", "--", `-${child.pid}`] })
      .output();
    assert.ok(group.success, new TextDecoder().decode(group.stderr));
    await child.status;
    // 2: restarted, then SIGKILL to the sweep alone: its workers go on as orphans.
    child = startSweep([...FLAGS, "--out", dir]);
    await until(async () => (await results(dir)).size >= firstKill.size + 2);
    const secondKill = await results(dir);
    const secondStarts = await starts(dir);
    child.kill("SIGKILL");
    await child.status;
    assert.ok(secondKill.size < 8, "the sweep finished before it could be killed");

    // 3: resumed to the end.
    const final = await sweep(["--resume", dir, "--workers", "2"]);
    assert.equal(final.code, 0, final.stderr);
    const units = final.json?.units as Record<string, unknown>;
    assert.equal(units.total, 8);
    assert.equal(units.done, 8);
    assert.deepEqual(units.failed, []);
    assert.ok((final.json?.ran as number) <= 8 - secondKill.size);

    const done = await results(dir);
    const startCounts = await starts(dir);
    assert.equal(done.size, 8);
    for (
      const [snapshot, startsThen] of [[firstKill, firstStarts], [
        secondKill,
        secondStarts,
      ]] as const
    ) {
      for (const [key, text] of snapshot) {
        assert.equal(done.get(key), text, `${key} was redone after it had finished`);
        assert.equal(startCounts.get(key), startsThen.get(key), `${key} was started again`);
      }
    }
    for (const [key, text] of done) {
      const nonce = JSON.parse(text).nonce;
      assert.ok(await Deno.stat(join(dir, "toy", "started", `${key}.${nonce}`)));
    }
    assert.deepEqual(await strayFiles(dir), []);
    assert.deepEqual(await report(dir), await report(join(tmp, "ref")));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local sweep: a unit that crashes every attempt is retried a bounded number of times, reported failed, and the others finish", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-crash-" });
  try {
    const args = ["--seeds", "2", "--work-ms", "0", "--crash-key", "b-seed1", "--workers", "2"];
    const first = await sweep([...args, "--out", tmp, "--attempts", "3"]);
    assert.equal(first.code, 0, first.stderr);
    const units = first.json?.units as Record<string, unknown>;
    assert.equal(units.total, 4);
    assert.equal(units.done, 3);
    assert.deepEqual(units.failed, ["b-seed1"]);
    assert.deepEqual(units.missing, ["b-seed1"]);
    assert.equal((await starts(tmp)).get("b-seed1"), 3);
    assert.match(first.stderr, /b-seed1\] attempt 3\/3 failed: worker ended with signal SIGKILL/);
    const summary = JSON.parse(await Deno.readTextFile(join(tmp, "summary.json")));
    assert.equal(summary.metrics.a.mean.n, 2);
    assert.equal(summary.metrics.b.mean.n, 1);
    assert.deepEqual(summary.units.missing, ["b-seed1"]);
    assert.match(await Deno.readTextFile(join(tmp, "report.md")), /missing: b-seed1/);
    // Resuming retries only the failed unit.
    const again = await sweep(["--resume", tmp, "--workers", "2", "--attempts", "1"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((again.json?.units as Record<string, unknown>).failed, ["b-seed1"]);
    assert.equal((await starts(tmp)).get("b-seed1"), 4);
    assert.equal((await starts(tmp)).get("a-seed1"), 1);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local: --out of an existing run with the same config continues it; --resume DIR takes its saved config", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-resume-" });
  try {
    const first = await train(["--seeds", "2", "--work-ms", "0", "--out", tmp]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.json?.ran, 4);
    const again = await train(["--seeds", "2", "--work-ms", "0", "--out", tmp]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json?.ran, 0);
    const resumed = await sweep(["--resume", tmp]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((resumed.json?.units as Record<string, unknown>).total, 4);
    assert.equal(resumed.json?.ran, 0);
    const config = JSON.parse(await Deno.readTextFile(join(tmp, "config.json")));
    assert.deepEqual(Object.keys(config), ["experiment", "backend", "config"]);
    assert.equal(config.experiment, "toy");
    assert.deepEqual(config.config.seeds, [1, 2]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local: each worker runs with PREVISION_THREADS = cores ÷ workers, shown in its cost record; the study's extra flags reach the workers", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-threads-" });
  try {
    const cores = navigator.hardwareConcurrency ?? 1;
    const workers = 2;
    const env = Deno.env.get("PREVISION_THREADS");
    const expected = env ? Number(env) : Math.max(1, Math.floor(cores / workers));
    const out = await train([
      "--seeds",
      "2",
      "--work-ms",
      "0",
      "--workers",
      String(workers),
      "--tag=-x",
      "--gain",
      "-3",
      "--out",
      tmp,
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.json?.workers, workers);
    for (const key of ["a-seed1", "a-seed2", "b-seed1", "b-seed2"]) {
      const c = await cost(tmp, key);
      assert.equal(c.threads, expected, `${key}: ${JSON.stringify(c)}`);
      assert.equal(typeof c.seconds, "number");
      assert.ok((c.peakRssMiB as number) > 10, `peak RSS ${c.peakRssMiB} MiB`);
      assert.equal(c.backend, null); // the toy study needs no tfjs backend
      const result = JSON.parse((await results(tmp)).get(key)!);
      assert.equal(result.tag, "-x");
    }
    const config = JSON.parse(await Deno.readTextFile(join(tmp, "config.json")));
    assert.equal(config.config.gain, -3);
    assert.equal("tag" in config.config, false);
    const summary = JSON.parse(await Deno.readTextFile(join(tmp, "summary.json")));
    assert.deepEqual(summary.costs.threads, [expected]);
    assert.equal(summary.costs.measured, 4);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local: SIGINT stops the workers (no orphans) and prints how to resume", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-sigint-" });
  try {
    const dir = join(tmp, "run");
    const child = startSweep(
      ["--seeds", "4", "--work-ms", "3000", "--workers", "2", "--out", dir],
      "piped",
    );
    await until(async () => ((await starts(dir)).size >= 2));
    child.kill("SIGINT");
    const [status, stderr] = await Promise.all([
      child.status,
      new Response(child.stderr).text(),
    ]);
    assert.equal(status.code, 130, stderr);
    assert.match(stderr, /interrupted; continue with: deno task train .*--resume .*run\n/);
    // The workers were stopped: no unit finishes after the leader has gone.
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal((await results(dir)).size, 0);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local: SIGKILL of the leader leaves no worker running (workers watch their parent)", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-sigkill-" });
  try {
    const dir = join(tmp, "run");
    const child = startSweep(["--seeds", "4", "--work-ms", "3000", "--workers", "2", "--out", dir]);
    await until(async () => ((await starts(dir)).size >= 2));
    child.kill("SIGKILL");
    await child.status;
    // An orphaned worker would finish its unit and write the result 3 s after it started.
    await new Promise((r) => setTimeout(r, 4500));
    assert.equal((await results(dir)).size, 0);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local: --restart-unit reaches every unit, in workers and in process", async () => {
  for (const workers of ["1", "2"]) {
    const tmp = await Deno.makeTempDir({ prefix: "train-restart-" });
    try {
      const args = ["--seeds", "1", "--work-ms", "0", "--workers", workers, "--out", tmp];
      const out = await train([...args, "--restart-unit"]);
      assert.equal(out.code, 0, out.stderr);
      for (const text of (await results(tmp)).values()) {
        assert.equal(JSON.parse(text).restartUnit, true, `workers ${workers}`);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  }
});
