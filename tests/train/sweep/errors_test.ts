import assert from "node:assert/strict";
import { runCliProcess } from "../../_cli.ts";
import { sweep } from "./_sweep.ts";

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

Deno.test("sweep: experiments without units are one-line errors, exit 2", async () => {
  await expectOneLineError(
    runCliProcess(["sweep", "demo", "--runner", "local"]),
    /demo' has no units/,
  );
  await expectOneLineError(
    sweep(["--seeds", "0"]),
    /tiny: this configuration has no units/,
  );
  await expectOneLineError(
    runCliProcess(["sweep", "no-such-experiment"]),
    /unknown 'no-such-experiment'; expected one of .*demo/,
  );
  await expectOneLineError(
    runCliProcess(["sweep", "./tests/_cli.ts"], {
      cwd: new URL("../../..", import.meta.url).pathname,
    }),
    /tests\/_cli.ts has no units/,
  );
});

Deno.test("sweep: k8s without --dry-run, bad resources and --resume without a run folder are one-line errors", async () => {
  await expectOneLineError(sweep(["--runner", "k8s"]), /only writes a manifest: add --dry-run/);
  await expectOneLineError(
    sweep(["--runner", "slurm", "--dry-run", "--mem", "lots"]),
    /--mem must be a Slurm memory size/,
  );
  await expectOneLineError(sweep(["--runner", "slurm", "--resume"]), /need --out/);
});
