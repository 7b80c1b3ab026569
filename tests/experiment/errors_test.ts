import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../_cli.ts";
import { sweep, train } from "./_run.ts";

async function expectOneLineError(
  run: Promise<{ code: number; stderr: string; stdout: string }>,
  pattern: RegExp,
) {
  const out = await run;
  assert.equal(out.code, 2, out.stderr);
  const lines = out.stderr.trim().split("\n");
  assert.equal(lines.length, 1, out.stderr);
  assert.match(lines[0], /^error: /);
  assert.match(lines[0], pattern);
  assert.equal(out.stdout, "");
}

Deno.test("sweep: an unknown runner is a one-line error, exit 2", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await expectOneLineError(
      sweep(["--runner", "pbs", "--out", tmp]),
      /--runner must be one of local, slurm, k8s, got 'pbs'/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sweep: --runner slurm without sbatch on PATH is a one-line error, exit 2", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await expectOneLineError(
      sweep(["--runner", "slurm", "--out", tmp], { PATH: tmp }),
      /sbatch not found/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("train/sweep: no units, unknown studies and modules without a study are one-line errors", async () => {
  await expectOneLineError(train(["--conditions", ","]), /toy: this configuration has no units/);
  await expectOneLineError(
    runCliProcess(["sweep", "no-such-study"]),
    /unknown 'no-such-study'; expected one of .*may2025/,
  );
  await expectOneLineError(
    runCliProcess(["sweep", "./tests/_cli.ts"], {
      cwd: new URL("../..", import.meta.url).pathname,
    }),
    /tests\/_cli.ts exports no 'experiment'/,
  );
  await expectOneLineError(train(["--seeds", "0"]), /--seeds: expected a count 1..1000/);
  await expectOneLineError(train(["--samples", "0"]), /toy: --samples: /);
  await expectOneLineError(train(["--tiny", "--full"]), /--tiny and --full exclude each other/);
});

Deno.test("sweep: k8s without --dry-run, bad resources and --aggregate without a run folder are one-line errors", async () => {
  await expectOneLineError(sweep(["--runner", "k8s"]), /only writes a manifest: add --dry-run/);
  await expectOneLineError(
    sweep(["--runner", "slurm", "--dry-run", "--mem", "lots"]),
    /--mem must be a Slurm memory size/,
  );
  await expectOneLineError(sweep(["--aggregate"]), /--aggregate needs --resume RUN_DIR/);
  await expectOneLineError(sweep(["--unit", "a-seed1"]), /--unit needs --out RUN_DIR/);
});

Deno.test("--resume: a missing folder, config flags beside it, a changed config and another study's run are one-line errors", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await expectOneLineError(train(["--resume", join(tmp, "none")]), /has no config\.json/);
    const dir = join(tmp, "run");
    const first = await train(["--tiny", "--seeds", "1", "--work-ms", "0", "--out", dir]);
    assert.equal(first.code, 0, first.stderr);
    await expectOneLineError(
      train(["--resume", dir, "--seeds", "2"]),
      /--resume continues .* with its saved config; drop --seeds/,
    );
    await expectOneLineError(
      runCliProcess(["train", "--resume", dir]),
      /is a run of toy, which is not a registered study: name its module before --resume/,
    );
    await expectOneLineError(
      train(["--resume", dir, "--out", dir]),
      /--resume DIR already names the run folder; drop --out/,
    );
    await expectOneLineError(
      train(["--tiny", "--seeds", "2", "--out", dir]),
      /holds a run with a different config; continue it with --resume/,
    );
    // The study's schema no longer accepts the saved config (here: edited by hand).
    const path = join(dir, "config.json");
    const saved = JSON.parse(await Deno.readTextFile(path));
    await Deno.writeTextFile(
      path,
      JSON.stringify({ ...saved, config: { ...saved.config, samples: -1 } }),
    );
    await expectOneLineError(
      train(["--resume", dir]),
      /config\.json no longer fits toy's config: .*--samples/,
    );
    await Deno.writeTextFile(path, JSON.stringify({ ...saved, experiment: "may2025" }));
    await expectOneLineError(train(["--resume", dir]), /is a run of may2025, not of toy/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
