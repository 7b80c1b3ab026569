import assert from "node:assert/strict";
import { join } from "node:path";
import { report, results, starts, startSweep, strayFiles, sweep, until } from "./_sweep.ts";

const FLAGS = ["--seeds", "4", "--work-ms", "300", "--workers", "2"];

Deno.test("local sweep: killed with SIGKILL twice and restarted, every unit is done once and the report equals an uninterrupted sweep's", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-local-" });
  try {
    const reference = await sweep([...FLAGS, "--out", join(tmp, "ref")]);
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(reference.json?.units, {
      total: 8,
      done: 8,
      failed: 0,
      missing: [],
      failedKeys: [],
    });

    const dir = join(tmp, "killed");
    // 1: SIGKILL to the whole process group (the sweep and its workers) after 2 results.
    let child = startSweep([...FLAGS, "--out", dir]);
    await until(async () => (await results(dir)).size >= 2);
    const firstKill = await results(dir);
    const firstStarts = await starts(dir);
    Deno.kill(-child.pid, "SIGKILL");
    await child.status;
    // 2: restarted, then SIGKILL to the sweep alone: its workers go on as orphans.
    child = startSweep([...FLAGS, "--out", dir]);
    await until(async () => (await results(dir)).size >= firstKill.size + 2);
    const secondKill = await results(dir);
    const secondStarts = await starts(dir);
    Deno.kill(child.pid, "SIGKILL");
    await child.status;
    assert.ok(secondKill.size < 8, "the sweep finished before it could be killed");

    // 3: restarted to the end.
    const final = await sweep([...FLAGS, "--out", dir]);
    assert.equal(final.code, 0, final.stderr);
    const units = final.json?.units as Record<string, unknown>;
    assert.equal(units.total, 8);
    assert.equal(units.done, 8);
    assert.equal(units.failed, 0);
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
      assert.ok(await Deno.stat(join(dir, "tiny", "started", `${key}.${nonce}`)));
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
    const args = ["--seeds", "2", "--work-ms", "0", "--crash-key", "b-seed0", "--out", tmp];
    const first = await sweep([...args, "--attempts", "3"]);
    assert.equal(first.code, 0, first.stderr);
    const units = first.json?.units as Record<string, unknown>;
    assert.equal(units.total, 4);
    assert.equal(units.done, 3);
    assert.equal(units.failed, 1);
    assert.deepEqual(units.missing, ["b-seed0"]);
    assert.deepEqual(units.failedKeys, ["b-seed0"]);
    assert.equal((await starts(tmp)).get("b-seed0"), 3);
    assert.match(first.stderr, /b-seed0\] attempt 3\/3 failed: worker ended with signal SIGKILL/);
    const written = await report(tmp) as {
      means: Record<string, { n: number }>;
      missing: string[];
    };
    assert.equal(written.means.a.n, 2);
    assert.equal(written.means.b.n, 1);
    assert.deepEqual(written.missing, ["b-seed0"]);
    // Resuming retries only the failed unit.
    const again = await sweep([...args, "--attempts", "1"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((again.json?.units as Record<string, unknown>).failed, 1);
    assert.equal((await starts(tmp)).get("b-seed0"), 4);
    assert.equal((await starts(tmp)).get("a-seed0"), 1);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("local sweep: --resume takes the config from the run folder; a different config is refused", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "sweep-resume-" });
  try {
    const first = await sweep(["--seeds", "2", "--work-ms", "0", "--out", tmp]);
    assert.equal(first.code, 0, first.stderr);
    const resumed = await sweep(["--resume", "--out", tmp]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((resumed.json?.units as Record<string, unknown>).total, 4);
    assert.equal(resumed.json?.ran, 0);
    const other = await sweep(["--seeds", "3", "--out", tmp]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /holds a run with a different config/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
