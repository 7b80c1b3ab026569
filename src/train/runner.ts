/**
 * Runs an {@link Experiment}: writes its config, runs the units that have no result yet
 * (in this process, or over worker subprocesses), retries a crashed unit a bounded number
 * of times, and aggregates whatever is done into the report.
 */
import { V8_FLAGS } from "../backend/v8_flags.ts";
import { join } from "node:path";
import type { Experiment, UnitSpec } from "./experiment.ts";
import type { Flags } from "../cli/command.ts";
import { numberFlag } from "../cli/command.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { errorMessage, InputError } from "../util/errors.ts";
import { log } from "../util/log.ts";

/** Options of {@link runExperiment}. */
export interface RunOptions {
  /** Run folder; created if missing, resumed if it holds the same config. */
  runDir: string;
  /** Parallel worker processes (1 = run units in this process). */
  workers: number;
  /** Attempts per unit before it is reported as failed. */
  attempts: number;
  /** Extra CLI args passed to worker processes (e.g. `--backend wasm`). */
  workerArgs: string[];
}

/** Where a unit's result lives. */
export function unitPath(runDir: string, key: string): string {
  return join(runDir, "units", `${key}.json`);
}

/** Reads every finished unit result in a run folder. */
export async function readResults<R>(runDir: string, units: UnitSpec[]): Promise<Map<string, R>> {
  const results = new Map<string, R>();
  for (const unit of units) {
    try {
      results.set(unit.key, JSON.parse(await Deno.readTextFile(unitPath(runDir, unit.key))));
    } catch {
      // not done yet
    }
  }
  return results;
}

/** Writes config.json, or checks that an existing run folder was made with the same config. */
export async function prepareRunDir(runDir: string, name: string, config: unknown): Promise<void> {
  const path = join(runDir, "config.json");
  const text = JSON.stringify({ experiment: name, config }, null, 2);
  let existing: string | null = null;
  try {
    existing = await Deno.readTextFile(path);
  } catch {
    existing = null;
  }
  if (existing !== null && existing !== text) {
    throw new InputError(`${runDir} holds a run with a different config; use another --out`);
  }
  if (existing === null) await writeFileAtomic(path, text);
}

/** Runs one unit in this process and stores its result atomically. */
export async function runUnitInProcess<C, R>(
  exp: Experiment<C, R>,
  config: C,
  unit: UnitSpec,
  runDir: string,
): Promise<R> {
  const result = await exp.runUnit(config, unit, {
    runDir,
    log: (m) => log(`[${unit.key}] ${m}`),
  });
  await writeFileAtomic(unitPath(runDir, unit.key), JSON.stringify(result));
  return result;
}

async function runUnitInWorker(name: string, unit: UnitSpec, opts: RunOptions): Promise<void> {
  const cli = new URL("../../cli.ts", import.meta.url);
  if (cli.protocol !== "file:") throw new Error("worker processes need a local checkout");
  // Processes × kernel threads should not exceed the cores (PREVISION_THREADS overrides).
  const threads = Math.max(1, Math.floor((navigator.hardwareConcurrency ?? 1) / opts.workers));
  let env: Record<string, string> = { PREVISION_THREADS: String(threads) };
  try {
    if (Deno.env.get("PREVISION_THREADS")) env = {};
  } catch {
    // no env permission: keep our default
  }
  const child = new Deno.Command(Deno.execPath(), {
    env,
    args: [
      "run",
      ...V8_FLAGS,
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-sys",
      "--allow-run",
      "--allow-net=127.0.0.1,localhost",
      cli.pathname,
      "train",
      name,
      "--out",
      opts.runDir,
      "--unit",
      unit.key,
      ...opts.workerArgs,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  });
  const status = await child.output();
  if (status.code !== 0) throw new Error(`unit ${unit.key} exited with code ${status.code}`);
}

/** Runs all pending units of `exp` and returns the report's summary. */
export async function runExperiment<C, R>(
  exp: Experiment<C, R>,
  config: C,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  await prepareRunDir(opts.runDir, exp.name, config);
  const units = exp.units(config);
  const done = await readResults<R>(opts.runDir, units);
  const pending = units.filter((u) => !done.has(u.key));
  log(`${exp.name}: ${units.length} units, ${done.size} already done, run folder ${opts.runDir}`);
  const failed: string[] = [];
  const queue = [...pending];
  const worker = async () => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      for (let attempt = 1; attempt <= opts.attempts; attempt++) {
        try {
          if (opts.workers <= 1) await runUnitInProcess(exp, config, unit, opts.runDir);
          else await runUnitInWorker(exp.name, unit, opts);
          break;
        } catch (error) {
          log(`[${unit.key}] attempt ${attempt} failed: ${errorMessage(error)}`);
          if (error instanceof InputError) throw error;
          if (attempt === opts.attempts) failed.push(unit.key);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, worker));
  const results = await readResults<R>(opts.runDir, units);
  const missing = units.filter((u) => !results.has(u.key)).map((u) => u.key);
  const summary = await exp.report(config, results, {
    runDir: opts.runDir,
    missing,
    log,
  });
  return {
    ...summary,
    units: { total: units.length, done: results.size, failed: failed.length, missing },
  };
}

/** Default run folder: runs/<name>-<UTC timestamp>. */
export function defaultRunDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace(/Z$/, "");
  return join("runs", `${name}-${stamp}`);
}

/** Resolves the runner flags shared by every experiment command. */
export function runOptionsFrom(flags: Flags, name: string, unitCount: number): RunOptions {
  const cores = navigator.hardwareConcurrency ?? 1;
  // Default: one worker process per core when there are several units (N processes are
  // ~N× faster on N idle cores; each then runs its kernels on cores / N threads).
  const workers = numberFlag(flags, "workers", unitCount > 1 ? Math.max(1, cores) : 1, {
    integer: true,
    min: 1,
    max: 256,
  });
  const workerArgs: string[] = [];
  if (typeof flags.backend === "string") workerArgs.push("--backend", flags.backend);
  return {
    runDir: typeof flags.out === "string" ? flags.out : defaultRunDir(name),
    workers: Math.min(workers, Math.max(1, unitCount), Math.max(cores, workers)),
    attempts: numberFlag(flags, "attempts", 2, { integer: true, min: 1, max: 10 }),
    workerArgs,
  };
}
