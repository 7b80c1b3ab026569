/** Helpers of the sweep tests: run `cli.ts sweep` on the tiny experiment, read run folders. */
import { join } from "node:path";
import { runCliProcess } from "../../_cli.ts";

/** The tiny test experiment's module path. */
export const TINY = new URL("./_tiny_experiment.ts", import.meta.url).pathname;
const CLI = new URL("../../../cli.ts", import.meta.url).pathname;

/** `cli.ts sweep TINY …args --json` to completion. */
export function sweep(args: string[], env: Record<string, string> = {}) {
  return runCliProcess(["sweep", TINY, ...args, "--json"], { env });
}

/** Starts `cli.ts sweep TINY …args` as the leader of its own process group. */
export function startSweep(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      "--allow-run",
      CLI,
      "sweep",
      TINY,
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
}

async function list(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch {
    // folder not there yet
  }
  return names.sort();
}

/** Finished results of a run folder: key → file text. */
export async function results(runDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await list(join(runDir, "units"))) {
    if (name.endsWith(".json")) {
      out.set(name.slice(0, -5), await Deno.readTextFile(join(runDir, "units", name)));
    }
  }
  return out;
}

/** How often each unit was started (the tiny experiment's start markers). */
export async function starts(runDir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const name of await list(join(runDir, "tiny", "started"))) {
    const key = name.slice(0, name.lastIndexOf("."));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Files in units/ that are not results (left-over temporaries). */
export async function strayFiles(runDir: string): Promise<string[]> {
  return (await list(join(runDir, "units"))).filter((n) => !n.endsWith(".json"));
}

/** Polls until `condition` holds (or throws after `seconds`). */
export async function until(condition: () => Promise<boolean>, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A run folder's report.json. */
export async function report(runDir: string): Promise<unknown> {
  return JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
}
