/**
 * What every runner shares: the sweep plan (experiment, config, units, run folder), the
 * command line that runs one unit in a worker process, and the aggregation step that turns
 * whatever units are done into the experiment's report plus the sweep's summary.
 */
import { V8_FLAGS } from "../../backend/v8_flags.ts";
import { join, resolve } from "node:path";
import type { UnitSpec } from "../experiment.ts";
import { prepareRunDir, readResults, unitPath } from "../runner.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { log } from "../../util/log.ts";
import type { AnyExperiment } from "./registry.ts";

/** An experiment's units bound to a run folder. */
export interface SweepPlan {
  experiment: AnyExperiment;
  /** How workers name the experiment: registered name or absolute module path. */
  ref: string;
  config: unknown;
  units: UnitSpec[];
  /** Absolute run folder (results in units/, sweep bookkeeping in sweep/). */
  runDir: string;
}

/** Per-unit cost written by the worker that ran it. */
export interface UnitCost {
  key: string;
  seconds: number;
  /** CPU time (user + system, all threads) the unit used. */
  cpuSeconds: number;
  /** Peak resident memory of the worker process (getrusage maxrss), MiB. */
  peakRssMiB: number;
  host: string;
  finished: string;
}

/** The sweep bookkeeping folder of a run folder. */
export function sweepDir(runDir: string): string {
  return join(runDir, "sweep");
}

/** Where the worker that ran `key` records its time and memory. */
export function costPath(runDir: string, key: string): string {
  return join(sweepDir(runDir), "costs", `${key}.json`);
}

/** Builds the plan: writes (or checks) config.json in the run folder. */
export async function makePlan(
  experiment: AnyExperiment,
  ref: string,
  config: unknown,
  runDir: string,
): Promise<SweepPlan> {
  const dir = resolve(runDir);
  await prepareRunDir(dir, experiment.name, config);
  return { experiment, ref, config, units: experiment.units(config), runDir: dir };
}

/** Units without a result file. */
export async function pendingUnits(plan: SweepPlan): Promise<UnitSpec[]> {
  const pending: UnitSpec[] = [];
  for (const unit of plan.units) {
    try {
      await Deno.stat(unitPath(plan.runDir, unit.key));
    } catch {
      pending.push(unit);
    }
  }
  return pending;
}

/** Deno permissions of a worker process (those of `deno task train`). */
export const WORKER_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys",
  "--allow-run",
  "--allow-net=127.0.0.1,localhost",
];

/**
 * argv (program first) of `cli.ts sweep <ref> --out <runDir> …extra` with explicit
 * permissions and this checkout's deno.json, so it also works from another folder or node.
 */
export function workerArgv(plan: SweepPlan, extra: string[], deno = Deno.execPath()): string[] {
  const cli = new URL("../../../cli.ts", import.meta.url);
  const config = new URL("../../../deno.json", import.meta.url);
  if (cli.protocol !== "file:") throw new Error("sweep workers need a local checkout");
  return [
    deno,
    "run",
    ...V8_FLAGS,
    ...WORKER_PERMISSIONS,
    "--config",
    config.pathname,
    cli.pathname,
    "sweep",
    plan.ref,
    "--out",
    plan.runDir,
    ...extra,
  ];
}

/** Mean and maximum of the recorded unit costs (null when none was recorded). */
export async function unitCosts(plan: SweepPlan): Promise<Record<string, unknown> | null> {
  const costs: UnitCost[] = [];
  for (const unit of plan.units) {
    try {
      costs.push(JSON.parse(await Deno.readTextFile(costPath(plan.runDir, unit.key))));
    } catch {
      // not run by a sweep worker
    }
  }
  if (costs.length === 0) return null;
  const seconds = costs.map((c) => c.seconds);
  const rss = costs.map((c) => c.peakRssMiB);
  const cpu = costs.map((c) => c.cpuSeconds).filter((c) => typeof c === "number");
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    measured: costs.length,
    meanSeconds: round(seconds.reduce((a, b) => a + b, 0) / costs.length),
    maxSeconds: round(Math.max(...seconds)),
    meanCpuSeconds: cpu.length ? round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : null,
    meanPeakRssMiB: round(rss.reduce((a, b) => a + b, 0) / costs.length),
    maxPeakRssMiB: round(Math.max(...rss)),
    hosts: [...new Set(costs.map((c) => c.host))],
  };
}

/** Counts and paths every runner reports. */
export interface SweepCounts {
  total: number;
  done: number;
  failed: number;
  missing: string[];
}

/**
 * Reads whatever results exist, runs the experiment's report over them, and writes the
 * summary to `<runDir>/sweep/summary.json`. `failed` lists units the runner gave up on.
 */
export async function aggregate(
  plan: SweepPlan,
  failed: string[] = [],
): Promise<{ units: SweepCounts; report: Record<string, unknown>; summaryPath: string }> {
  const results = await readResults<unknown>(plan.runDir, plan.units);
  const missing = plan.units.filter((u) => !results.has(u.key)).map((u) => u.key);
  const report = await plan.experiment.report(plan.config, results, {
    runDir: plan.runDir,
    missing,
    log,
  });
  const units: SweepCounts = {
    total: plan.units.length,
    done: results.size,
    failed: failed.filter((k) => missing.includes(k)).length,
    missing,
  };
  const summaryPath = join(sweepDir(plan.runDir), "summary.json");
  const costs = await unitCosts(plan);
  await writeFileAtomic(
    summaryPath,
    JSON.stringify({ experiment: plan.experiment.name, units, costs, report }, null, 2),
  );
  return { units, report, summaryPath };
}
