/** Helpers of the executor tests: run `cli.ts train|sweep` on the toy study, read run folders. */
import { join } from "node:path";
import { runCliProcess } from "../_cli.ts";

/** The toy study's module path. */
export const TOY = new URL("./_toy.ts", import.meta.url).pathname;
const CLI = new URL("../../cli.ts", import.meta.url).pathname;

/** `cli.ts sweep TOY …args --json` to completion. */
export function sweep(args: string[], env: Record<string, string> = {}) {
  return runCliProcess(["sweep", TOY, ...args, "--json"], { env });
}

/** `cli.ts train TOY …args --json` to completion. */
export function train(args: string[], env: Record<string, string> = {}) {
  return runCliProcess(["train", TOY, ...args, "--json"], { env });
}

/** Starts `cli.ts sweep TOY …args` as the leader of its own process group. */
export function startSweep(
  args: string[],
  stderr: "null" | "piped" = "null",
): Deno.ChildProcess {
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
      TOY,
      ...args,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr,
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

/** Every file under `dir` (relative paths, sorted). */
export async function tree(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) files.push(...await tree(dir, path));
    else files.push(path);
  }
  return files.sort();
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

/** How often each unit was started (the toy study's start markers). */
export async function starts(runDir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const name of await list(join(runDir, "toy", "started"))) {
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

/** A run folder's report.md and summary.json (without the fields that vary run to run). */
export async function report(runDir: string): Promise<{ markdown: string; summary: unknown }> {
  const summary = JSON.parse(await Deno.readTextFile(join(runDir, "summary.json")));
  delete summary.seconds;
  delete summary.costs;
  return { markdown: await Deno.readTextFile(join(runDir, "report.md")), summary };
}

/** A unit's cost record. */
export async function cost(runDir: string, key: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(join(runDir, "executor", "costs", `${key}.json`)));
}
