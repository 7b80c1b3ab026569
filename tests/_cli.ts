import type { RunSummary } from "../src/experiment/contract.ts";

/** Runs `cli.ts` (or another entry) in a subprocess with the task permissions. */
export async function runCliProcess(
  args: string[],
  opts: { entry?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string; json: Record<string, unknown> | null }> {
  const entry = opts.entry ?? new URL("../cli.ts", import.meta.url).pathname;
  const command = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      "--allow-run",
      "--allow-net=127.0.0.1,localhost",
      entry,
      ...args,
    ],
    env: { NO_COLOR: "1", ...(opts.env ?? {}) },
    cwd: opts.cwd,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  });
  const out = await command.output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  const last = stdout.trim().split("\n").pop() ?? "";
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(last);
  } catch {
    json = null;
  }
  return { code: out.code, stdout, stderr, json };
}

/**
 * `train <study> --tiny --workers 1 --out DIR --json [extra…]` in a subprocess; returns the run
 * folder, the exit status and stderr, and the run's summary.json (null if it was not written).
 */
export async function runTinyStudy(
  study: string,
  out: string,
  extra: string[] = [],
): Promise<{ code: number; stderr: string; summary: RunSummary | null }> {
  const { code, stderr } = await runCliProcess([
    "train",
    study,
    "--tiny",
    ...extra,
    "--workers",
    "1",
    "--out",
    out,
    "--json",
  ]);
  let summary: RunSummary | null = null;
  try {
    summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
  } catch {
    summary = null;
  }
  return { code, stderr, summary };
}
