/**
 * The least-privilege launcher of `deno task train|simulate|sweep`: it grants writing only
 * where the command writes and running only Deno (and the tools the command may call), and the
 * command it starts works under those permissions and cannot write elsewhere.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { launchArgs, writeTargets } from "../../src/cli/launch.ts";
import { runCliProcess } from "../_cli.ts";
import { TOY } from "../experiment/_run.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FILES = { cli: join(ROOT, "cli.ts"), config: join(ROOT, "deno.json") };

Deno.test("launcher: write targets are the run folder, or the folder of simulate's --out", () => {
  assert.deepEqual(writeTargets("train", ["may2025", "--out", "/scratch/may"]), ["/scratch/may"]);
  assert.deepEqual(writeTargets("train", ["--resume=/r/x"]), ["/r/x"]);
  assert.deepEqual(writeTargets("sweep", ["toy"]), [join(Deno.cwd(), "runs")]);
  assert.deepEqual(writeTargets("simulate", ["waves", "--out", "/o/w.npy"]), ["/o"]);
  assert.deepEqual(writeTargets("simulate", ["waves"]), [Deno.cwd()]);
});

Deno.test("launcher: the child gets listed --allow-write and --allow-run only", () => {
  const args = launchArgs(FILES, "sweep", ["toy", "--out", "/tmp/x"]);
  assert.ok(args.includes("--allow-write=/tmp/x"));
  const run = args.find((a) => a.startsWith("--allow-run="))!;
  assert.equal(run.split("=")[1].split(",")[0], Deno.execPath());
  for (const bare of ["--allow-run", "--allow-write", "-A", "--allow-all"]) {
    assert.ok(!args.includes(bare), bare);
  }
});

Deno.test("launcher: simulate runs under it; writing outside the granted folder is refused", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "launch-" });
  try {
    const run = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-env", `--allow-run=${Deno.execPath()}`, ...args],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const out = join(tmp, "a", "w.npy");
    const ok = await run([
      FILES.cli,
      "--least-privilege",
      "simulate",
      "waves",
      "--size",
      "8",
      "--frames",
      "2",
      "--out",
      out,
    ]);
    assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
    assert.ok((await Deno.stat(out)).isFile);
    // The same permissions the launcher gives, used to write a file beside the granted folder.
    const granted = launchArgs(FILES, "simulate", ["waves", "--out", out])
      .filter((a) => a.startsWith("--allow-"));
    const script = join(tmp, "escape.ts");
    await Deno.writeTextFile(
      script,
      `await Deno.writeTextFile(${JSON.stringify(join(dirname(dirname(out)), "x"))}, "x");`,
    );
    const escape = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", ...granted, script],
      stderr: "piped",
    }).output();
    assert.notEqual(escape.code, 0);
    assert.match(new TextDecoder().decode(escape.stderr), /NotCapable|write access/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a bad --out target is a one-line error and exit 2, not a raw OS error", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "launch-out-" });
  try {
    await Deno.writeTextFile(join(tmp, "file"), "");
    for (
      const args of [
        ["simulate", "waves", "--size", "8", "--frames", "2", "--out", "/proc/none/w.npy"],
        ["simulate", "waves", "--size", "8", "--frames", "2", "--out", join(tmp, "file/w.npy")],
        ["train", TOY, "--seeds", "1", "--work-ms", "0", "--out", join(tmp, "file", "run")],
      ]
    ) {
      const out = await runCliProcess(args);
      assert.equal(out.code, 2, `${args.join(" ")}: ${out.stderr}`);
      const lines = out.stderr.trim().split("\n").filter((l) => l.startsWith("error"));
      assert.equal(lines.length, 1, out.stderr);
      assert.doesNotMatch(out.stderr, /os error|\n\s+at /);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
